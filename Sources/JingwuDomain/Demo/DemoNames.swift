import Foundation

/// Names and texts the demo district draws from (invented; any likeness is chance).
enum DemoNames {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
    static let givenChars = Array("建国华明丽军平伟芳秀英敏静强磊洋艳勇杰娟涛超霞刚桂兰晨浩宇欣怡子涵梓轩雨博文佳琪志海玉梅春红德福祥瑞凤琴新民永庆立东").map(String.init)
    static let communities = ["戴花园社区", "东关社区", "文化路社区", "北园社区", "新华社区", "铁西社区", "南湖社区"]
    static let offices = ["戴花园警务室", "东关警务室", "文化路警务室", "北园警务室", "新华警务室", "铁西警务室", "南湖警务室"]
    static let compounds = ["锦绣花园", "丽景小区", "纺织厂家属院", "幸福里", "和平小区", "金色家园", "阳光新城", "铁路宿舍",
                            "建材院", "东湖苑", "翠柳园"]
    static let streets = ["花园路", "建设街", "人民路", "文化巷", "东关后街", "菜市场巷", "学府路", "新华北路"]
    /// The compounds of the station's office `office` (0–6; each community has its own: the first
    /// office's are `compounds`), 11 of them.
    static func compounds(office: Int) -> [String] {
        office % 7 == 0 ? compounds : otherCompounds[office % 7 - 1]
    }
    /// The streets of the station's office `office` (0–6), 8 of them.
    static func streets(office: Int) -> [String] {
        office % 7 == 0 ? streets : otherStreets[office % 7 - 1]
    }
    private static let otherCompounds = [
        ["东关新村", "兴业小区", "机械厂宿舍", "安居苑", "福泰家园", "御景湾", "东方小区", "粮食局家属院", "书香苑", "盛世华庭", "东关花园"],
        ["文苑小区", "教师新村", "文化馆宿舍", "博雅苑", "学府花园", "翰林世家", "师范学院家属院", "文华里", "书院小区", "锦园", "新文化小区"],
        ["北园新村", "北苑小区", "化肥厂家属院", "康乐小区", "颐和家园", "北城花园", "电力宿舍", "丰泽园", "怡景苑", "北园春", "绿景小区"],
        ["新华里", "新华小区", "印刷厂宿舍", "华兴苑", "富华家园", "新华苑", "邮电宿舍", "华府名苑", "新城花园", "美华园", "永安里"],
        ["铁西新村", "工人新村", "钢厂家属院", "铁路新村", "西苑小区", "西城家园", "机务段宿舍", "建设里", "厂前小区", "西湖花园", "红星小区"],
        ["南湖花园", "湖滨小区", "水利局家属院", "碧水苑", "南湖人家", "湖光小区", "航运宿舍", "荷花苑", "南湖新村", "景湖湾", "滨湖家园"],
    ]
    private static let otherStreets = [
        ["东关大街", "兴业路", "东关前街", "机械厂路", "永兴巷", "粮仓巷", "东环路", "福寿街"],
        ["文化路", "学院路", "书院街", "文庙前街", "师院东路", "翰林巷", "文华街", "育才路"],
        ["北园大街", "北环路", "化肥厂路", "康乐街", "北关巷", "丰泽路", "怡景巷", "北园后街"],
        ["新华路", "新华南街", "印刷厂巷", "华兴路", "邮电街", "永安巷", "新城路", "美华街"],
        ["铁西大街", "工人路", "钢厂路", "铁路北街", "西苑巷", "机务段路", "建设西路", "红星街"],
        ["南湖路", "湖滨路", "水利巷", "碧水街", "荷花路", "航运街", "滨湖巷", "景湖路"],
    ]
    /// Key sites (重点部位) and whether they are flagged as such.
    static let sites: [(String, Bool)] = [("实验小学校门", true), ("农贸市场", true), ("星空网吧", true), ("城东宾馆", true),
                                           ("汽车站广场", true), ("出租屋集中区", true), ("加油站", true), ("万家福超市", false),
                                           ("金曲KTV", true), ("社区广场", false)]
    static let regions = ["370102", "370103", "370112", "370124", "371202", "370181", "650102", "650104", "510132", "532626"]

    static let checkInNotes = ["正常", "无异常", "楼道整洁", "门岗值守到位", "与物业保安交流情况", "张贴反诈宣传单", "提醒商户关好门窗"]
    static let hazardNotes: [(HazardCategory, String)] = [
        (.fire, "楼道内电动车充电，已责令移出楼道"), (.fire, "灭火器过期，已告知物业"), (.fireLane, "私家车占用消防通道"),
        (.clutter, "楼道堆放杂物"), (.crowding, "群租房，居住人员未登记"), (.noise, "夜间施工噪音扰民"),
        (.sanitation, "垃圾清运不及时"), (.other, "路灯损坏，已报社区"), (.other, "围墙缺口，建议修补"),
    ]
    static let hazardClearNotes: [HazardCategory: [String]] = [
        .fire: ["电动车已移出楼道，物业设置集中充电点", "灭火器已更换，物业签字确认"],
        .fireLane: ["车主已挪车，消防通道畅通", "物业已施划禁停标线"],
        .clutter: ["杂物已清理，楼道畅通", "居民自行清走，复查无误"],
        .crowding: ["人员已疏散，出租屋已登记", "房东已按要求登记租客信息"],
        .noise: ["施工方已调整作业时间", "经劝导已停止夜间施工"],
        .sanitation: ["垃圾已清运，社区加密清运频次"],
        .other: ["路灯已修复", "围墙缺口已修补", "已由社区整改完毕"],
    ]
    /// Operator prefixes of mainland mobile numbers (11 digits in all).
    static let mobilePrefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                                 "156", "157", "158", "159", "166", "177", "180", "181", "186", "187", "188", "189", "199"]
    static let fraudNotes = ["冒充客服退款", "刷单返利", "冒充公检法", "虚假投资理财", "网络贷款", "冒充熟人借钱", "虚假购物",
                             "游戏装备交易"]
    /// Dissuasion notes by method and outcome: a phone call does not find a house empty.
    static let dissuasionNotes: [DissuasionMethod: [DissuasionOutcome: [String]]] = [
        .phone: [.dissuaded: ["电话劝阻，本人已知晓并停止转账", "电话联系家属共同劝阻成功", "已电话劝阻，指导安装国家反诈中心APP"],
                 .unreachable: ["电话无人接听", "号码关机，稍后再联系"],
                 .defrauded: ["电话联系时已转账被骗，引导报警立案"]],
        .home: [.dissuaded: ["上门讲解诈骗手法，已卸载可疑APP", "上门劝阻，指导安装国家反诈中心APP", "上门联系家属共同劝阻成功"],
                .unreachable: ["上门家中无人"],
                .defrauded: ["上门时已转账被骗，引导报警立案"]],
        .other: [.dissuaded: ["已劝阻，本人已知晓"], .unreachable: ["未能联系到本人"], .defrauded: ["已转账被骗，引导报警立案"]],
    ]
    /// Stop-check notes by subject and outcome: each says what the record says.
    static let stopCheckNotes: [StopCheckSubject: [StopCheckOutcome: [String]]] = [
        .person: [.released: ["核查身份，无异常", "形迹可疑，核查后放行"], .registered: ["外来人员，已登记"],
                  .handedOver: ["身份存疑，带回进一步核查", "系网上在逃人员，带回移交"]],
        .vehicle: [.released: ["核查车辆，手续齐全"], .registered: ["电动车无牌，已登记并教育"],
                   .handedOver: ["车辆涉嫌被盗，带回核查"]],
        .item: [.released: ["检查随身物品，无异常"], .registered: ["可疑物品，已登记"], .handedOver: ["携带管制刀具，带回处理"]],
    ]
    static let incidentTexts: [IncidentKind: [String]] = [
        .theft: ["电动车被盗", "楼道内快递被盗", "商铺失窃"],
        .fraud: ["冒充客服退款诈骗", "刷单返利诈骗", "冒充公检法诈骗"],
        .fight: ["酒后互殴", "因停车发生推搡"],
        .dispute: ["邻里噪音纠纷", "物业费纠纷", "家庭矛盾报警"],
        .disturbance: ["夜间喧哗扰民", "醉酒人员滋事"],
        .traffic: ["小区内车辆剐蹭", "路口电动车与行人相撞"],
        .fire: ["楼道杂物起火，已扑灭", "电动车充电冒烟"],
        .help: ["老人走失求助", "钥匙反锁求助", "群众求助寻找证件"],
        .missing: ["儿童走失，已找回", "老人外出未归"],
        .other: ["可疑人员徘徊", "群众反映情况"],
    ]
    static let disputeTexts: [DisputeCategory: [String]] = [
        .neighbour: ["楼上漏水引发邻里纠纷", "因噪音扰民发生争执", "共用楼道堆物纠纷", "停车位占用纠纷"],
        .family: ["婆媳矛盾", "夫妻因家务琐事争吵", "赡养老人费用分担纠纷", "离婚财产分割纠纷"],
        .land: ["宅基地边界纠纷", "菜地使用权纠纷"],
        .domesticViolence: ["家庭暴力求助，双方分居"],
        .collective: ["业主与物业收费纠纷", "商户与市场管理方纠纷"],
        .other: ["装修款纠纷", "民间借贷纠纷", "宠物伤人赔偿纠纷"],
    ]
    static let agreements = ["双方达成调解协议，签字确认", "一方赔偿对方损失，当场履行", "双方握手言和，承诺互谅互让", "约定分期履行，社区监督"]
    static let mediationNotes = ["听取双方陈述，释法说理", "组织双方面对面协商", "邀请社区法律顾问参与", "联系双方亲属共同做工作"]
    static let followUpNotes = ["电话回访，协议已履行，双方无新矛盾", "上门回访，关系缓和", "回访当事人，表示满意"]
}
