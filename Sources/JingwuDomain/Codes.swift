// Generated from one table (zh names here, zh and en in Resources/strings/*/domain.json);
// keep the three in step. Codes are stable ASCII: they are written into the journal.

import Foundation

/// An officer's role in the office (DOMAIN.md §1).
public enum OfficerRole: String, DomainCode {
    case police = "police"
    case auxiliary = "auxiliary"
    case patroller = "patroller"
    case volunteer = "volunteer"
    case householdLeader = "household-leader"
    public static let codeKind = "officer_role"
    public var chineseName: String {
        switch self {
        case .police: "民警"
        case .auxiliary: "辅警"
        case .patroller: "巡防队员"
        case .volunteer: "义警"
        case .householdLeader: "联户长"
        }
    }
}

/// The kind of a grid cell (网格), which sets its default coverage window.
public enum CellKind: String, DomainCode {
    case compound = "compound"
    case street = "street"
    case village = "village"
    case site = "site"
    public static let codeKind = "cell_kind"
    public var chineseName: String {
        switch self {
        case .compound: "小区(院落)"
        case .street: "街巷"
        case .village: "村"
        case .site: "场所点位"
        }
    }
}

/// How a patrol moves or holds (DOMAIN.md §2.1).
public enum PatrolMode: String, DomainCode {
    case foot = "foot"
    case bike = "bike"
    case vehicle = "vehicle"
    case checkpoint = "checkpoint"
    case post = "post"
    public static let codeKind = "patrol_mode"
    public var chineseName: String {
        switch self {
        case .foot: "步巡"
        case .bike: "自行车巡"
        case .vehicle: "车巡"
        case .checkpoint: "设卡"
        case .post: "定点守候"
        }
    }
}

/// Uniformed or plain-clothes patrol (着装 / 便衣).
public enum Dress: String, DomainCode {
    case uniformed = "uniformed"
    case plain = "plain"
    public static let codeKind = "dress"
    public var chineseName: String {
        switch self {
        case .uniformed: "着装"
        case .plain: "便衣"
        }
    }
}

/// What a stop-and-check (盘查) examined.
public enum StopCheckSubject: String, DomainCode {
    case person = "person"
    case vehicle = "vehicle"
    case item = "item"
    public static let codeKind = "stop_subject"
    public var chineseName: String {
        switch self {
        case .person: "人"
        case .vehicle: "车"
        case .item: "物"
        }
    }
}

/// What came of a stop-and-check.
public enum StopCheckOutcome: String, DomainCode {
    case released = "released"
    case registered = "registered"
    case handedOver = "handed-over"
    public static let codeKind = "stop_outcome"
    public var chineseName: String {
        switch self {
        case .released: "放行"
        case .registered: "登记"
        case .handedOver: "带回/移交"
        }
    }
}

/// A hazard found on patrol (安全隐患, DOMAIN.md §8.3).
public enum HazardCategory: String, DomainCode {
    case fire = "fire"
    case epidemic = "epidemic"
    case crowding = "crowding"
    case sanitation = "sanitation"
    case noise = "noise"
    case clutter = "clutter"
    case fireLane = "fire-lane"
    case other = "other"
    public static let codeKind = "hazard_category"
    public var chineseName: String {
        switch self {
        case .fire: "消防"
        case .epidemic: "防疫"
        case .crowding: "流动人口聚集"
        case .sanitation: "环境卫生"
        case .noise: "噪音扰民"
        case .clutter: "楼道杂物"
        case .fireLane: "占用消防通道"
        case .other: "其他治安隐患"
        }
    }
}

/// Why a key person (重点人员) is listed (DOMAIN.md §4.1).
public enum PersonCategory: String, DomainCode {
    case keyPopulation = "key-population"
    case released = "released"
    case correction = "correction"
    case idleYouth = "idle-youth"
    case floating = "floating"
    case temporary = "temporary"
    case mentalHealth = "mental-health"
    case other = "other"
    public static let codeKind = "person_category"
    public var chineseName: String {
        switch self {
        case .keyPopulation: "重点人口"
        case .released: "刑释解教"
        case .correction: "社区矫正"
        case .idleYouth: "闲散青少年"
        case .floating: "流动人口"
        case .temporary: "暂住人口"
        case .mentalHealth: "肇事肇祸精神病人"
        case .other: "其他"
        }
    }
}

/// The four-way residency status of the card file (DOMAIN.md §4.2).
public enum Residency: String, DomainCode {
    case presentRegistered = "present-registered"
    case registeredAbsent = "registered-absent"
    case presentUnregistered = "present-unregistered"
    case temporary = "temporary"
    public static let codeKind = "residency"
    public var chineseName: String {
        switch self {
        case .presentRegistered: "人在户在"
        case .registeredAbsent: "户在人不在"
        case .presentUnregistered: "人在户不在"
        case .temporary: "暂住"
        }
    }
}

/// How a key person was visited.
public enum VisitMethod: String, DomainCode {
    case home = "home"
    case phone = "phone"
    case office = "office"
    case workplace = "workplace"
    public static let codeKind = "visit_method"
    public var chineseName: String {
        switch self {
        case .home: "上门走访"
        case .phone: "电话"
        case .office: "警务室约谈"
        case .workplace: "单位走访"
        }
    }
}

/// What a dispute (矛盾纠纷) is about (DOMAIN.md §5.1).
public enum DisputeCategory: String, DomainCode {
    case family = "family"
    case neighbour = "neighbour"
    case land = "land"
    case domesticViolence = "domestic-violence"
    case collective = "collective"
    case other = "other"
    public static let codeKind = "dispute_category"
    public var chineseName: String {
        switch self {
        case .family: "婚姻家庭"
        case .neighbour: "邻里"
        case .land: "山林土地"
        case .domesticViolence: "家庭暴力"
        case .collective: "涉众"
        case .other: "其他"
        }
    }
}

/// How a dispute came to the office.
public enum DisputeSource: String, DomainCode {
    case screening = "screening"
    case receptionDay = "reception-day"
    case homeVisit = "home-visit"
    case patrol = "patrol"
    case wechat = "wechat"
    case walkIn = "walk-in"
    /// Added with the disputes screen (issue 6): 110 calls, grid workers, 联户长.
    case alarm110 = "110"
    case gridWorker = "grid-worker"
    case householdLeader = "household-leader"
    public static let codeKind = "dispute_source"
    public var chineseName: String {
        switch self {
        case .screening: "排查"
        case .receptionDay: "接访日"
        case .homeVisit: "入户走访"
        case .patrol: "巡逻"
        case .wechat: "微信群"
        case .walkIn: "群众求助"
        case .alarm110: "110报警"
        case .gridWorker: "网格员"
        case .householdLeader: "联户长"
        }
    }
}

/// Whether a dispute risks turning criminal (民转刑).
public enum DisputeRisk: String, DomainCode {
    case normal = "normal"
    case escalation = "escalation"
    public static let codeKind = "dispute_risk"
    public var chineseName: String {
        switch self {
        case .normal: "一般"
        case .escalation: "民转刑风险"
        }
    }
}

/// The kind of a mediation session (大调解, DOMAIN.md §5.2).
public enum MediationKind: String, DomainCode {
    case preliminary = "preliminary"
    case people = "people"
    case administrative = "administrative"
    case judicial = "judicial"
    case social = "social"
    public static let codeKind = "mediation_kind"
    public var chineseName: String {
        switch self {
        case .preliminary: "先期调解"
        case .people: "人民调解"
        case .administrative: "行政调解"
        case .judicial: "司法调解"
        case .social: "社会调解"
        }
    }
}

/// What a mediation session reached.
public enum MediationResult: String, DomainCode {
    case agreement = "agreement"
    case partial = "partial"
    case none = "none"
    public static let codeKind = "mediation_result"
    public var chineseName: String {
        switch self {
        case .agreement: "达成协议"
        case .partial: "部分达成"
        case .none: "未达成"
        }
    }
}

/// Where a dispute was referred (公调/诉调/访调对接).
public enum ReferralTarget: String, DomainCode {
    case committee = "committee"
    case centre = "centre"
    case court = "court"
    case petition = "petition"
    case administrative = "administrative"
    case other = "other"
    public static let codeKind = "referral_target"
    public var chineseName: String {
        switch self {
        case .committee: "调委会"
        case .centre: "矛盾调处中心"
        case .court: "诉调对接"
        case .petition: "访调对接"
        case .administrative: "行政机关"
        case .other: "其他"
        }
    }
}

/// The kind of an incident (警情); a design list, DOMAIN.md gives none.
public enum IncidentKind: String, DomainCode {
    case theft = "theft"
    case fraud = "fraud"
    case fight = "fight"
    case dispute = "dispute"
    case disturbance = "disturbance"
    case traffic = "traffic"
    case fire = "fire"
    case help = "help"
    case missing = "missing"
    case other = "other"
    public static let codeKind = "incident_kind"
    public var chineseName: String {
        switch self {
        case .theft: "盗窃"
        case .fraud: "电信网络诈骗"
        case .fight: "打架斗殴"
        case .dispute: "纠纷"
        case .disturbance: "扰民滋事"
        case .traffic: "交通事故"
        case .fire: "火情"
        case .help: "求助"
        case .missing: "走失"
        case .other: "其他"
        }
    }
}

/// How an incident reached the office.
public enum IncidentSource: String, DomainCode {
    case alarm110 = "110"
    case walkIn = "walk-in"
    case patrol = "patrol"
    case call = "call"
    public static let codeKind = "incident_source"
    public var chineseName: String {
        switch self {
        case .alarm110: "110报警"
        case .walkIn: "来所报警"
        case .patrol: "巡逻发现"
        case .call: "电话报警"
        }
    }
}

/// How an incident was closed.
public enum IncidentDisposition: String, DomainCode {
    case handled = "handled"
    case caseFiled = "case-filed"
    case referred = "referred"
    case mediated = "mediated"
    case unfounded = "unfounded"
    public static let codeKind = "incident_disposition"
    public var chineseName: String {
        switch self {
        case .handled: "现场处置"
        case .caseFiled: "受案"
        case .referred: "移交"
        case .mediated: "调解"
        case .unfounded: "不属实"
        }
    }
}
