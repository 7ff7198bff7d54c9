// A small program showing every widget of JingwuTerminal on the real terminal.
// scripts/e2e-widgets.sh drives it in tmux; run it by hand to look at the widgets.
import Foundation
import JingwuTerminal

/// What the demo's keys do; the same table dispatches, fills the help overlay and the hint line.
enum DemoAction: Hashable, Sendable {
    case help, nextTab, previousTab, tab(Int), quit, sort, crash
}

let globalKeys = KeyTable<DemoAction>([
    KeyBinding(.help, keys: [.f(1), .character("?")], label: "帮助 help"),
    KeyBinding(.nextTab, keys: [.f(2)], label: "下一页 next"),
    KeyBinding(.previousTab, keys: [.f(3)], label: "上一页 prev", showsInHints: false),
    KeyBinding(.tab(0), keys: [.character("1")], label: "表单 form", showsInHints: false),
    KeyBinding(.tab(1), keys: [.character("2")], label: "表格 table", showsInHints: false),
    KeyBinding(.tab(2), keys: [.character("3")], label: "图表 charts", showsInHints: false),
    KeyBinding(.tab(3), keys: [.character("4")], label: "地图 map", showsInHints: false),
    KeyBinding(.sort, keys: [.character("s")], label: "排序 sort", showsInHints: false),
    KeyBinding(.quit, keys: [.character("q"), .f(12)], label: "退出 quit"),
    // Lets scripts/e2e-widgets.sh check that a Swift runtime trap still restores the terminal.
    KeyBinding(.crash, keys: [.f(11)], label: "崩溃测试 trap test", showsInHints: false),
])

func makeForm() -> Form {
    let cells = [
        CompletionItem(code: "G01", name: "东门社区"), CompletionItem(code: "G02", name: "西关村"),
        CompletionItem(code: "G03", name: "南街菜市场"), CompletionItem(code: "G12", name: "火车站广场"),
    ]
    var form = Form(
        title: "走访登记 Visit",
        fields: [
            FormField(id: "name", label: "姓名", editor: .text(TextField(maxLength: 12)), placeholder: "张伟"),
            FormField(id: "kind", label: "类别", editor: .choice(ChoiceList(options: ["居民", "访客", "重点人员"]))),
            FormField(id: "time", label: "时间", editor: .dateTime(DateTimeField()), placeholder: "HH:MM, -30m, now"),
            FormField(id: "cell", label: "网格", editor: .completion(CompletionField(items: cells))),
            FormField(id: "note", label: "备注", editor: .note(NoteField(wrapWidth: 50), height: 3)),
        ],
        discard: ConfirmDialog(title: "放弃修改?", message: "表单有未保存的内容。Discard changes?", yesLabel: "放弃",
                               noLabel: "继续编辑"))
    form.validate = { field in
        switch field.editor {
        case .text(let f) where f.isEmpty: return "必填 required"
        case .dateTime(let f):
            switch f.parse(now: Date(), utcOffsetSeconds: 8 * 3600) {
            case .success(nil): return "必填 required"
            case .success: return nil
            case .failure(.unrecognized): return "格式: HH:MM / MM-DD HH:MM / -30m / now"
            case .failure(.noSuchDateTime): return "没有这个时间 no such time"
            }
        case .completion(let f) where f.picked == nil: return "请选择网格 pick a cell"
        default: return nil
        }
    }
    return form
}

struct Demo {
    var tabs = TabBar(titles: ["表单", "表格", "图表", "地图"])
    var form = makeForm()
    var table = Table(
        columns: [
            TableColumn("编号", width: .fixed(6)), TableColumn("姓名", width: .fixed(10)),
            TableColumn("网格", width: .flexible(min: 8)), TableColumn("次数", width: .fixed(4), align: .right),
        ],
        rows: [
            ["P001", "张伟", "东门社区", "12"], ["P002", "欧阳娜娜", "西关村", "3"],
            ["P003", "Li Ming", "南街菜市场", "7"], ["P004", "买买提·艾力", "火车站广场一号出口东侧停车场", "25"],
        ] + (5...40).map { ["P0\($0 < 10 ? "0" : "")\($0)", "居民\($0)", "G0\($0 % 4 + 1)", "\($0 % 9)"] },
        emptyText: "没有记录")
    var map = CellMap(
        states: [
            .init(glyph: "#", label: "已覆盖", style: .mapCovered), .init(glyph: "+", label: "将到期", style: .mapDueSoon),
            .init(glyph: "!", label: "已超期", style: .mapOverdue), .init(glyph: ".", label: "从未", style: .mapNever),
        ],
        cells: (0..<24).map { CellMap.Cell(x: $0 % 8, y: $0 / 8 * 2, state: ($0 * 7) % 4, tag: "G\($0 + 1)") })
    var help: HelpOverlay?
    var message: Message? = Message(.info, "F1 帮助 · F2 下一页 · q 退出 (表单外)")
    var running = true

    mutating func handle(_ key: Key, screen: Screen) {
        if key == .resize { return }
        if var overlay = help {
            if overlay.handle(key).contains(.cancel) { help = nil } else { help = overlay }
            return
        }
        // The focused widget first, then the key table.
        let main = FrameLayout(size: screen.size).main
        switch tabs.selected {
        case 0:
            let result = form.handle(key)
            if result.contains(.submit) {
                message = Message(.ok, "已保存 saved: " + form.fields.map { "\($0.label)=\($0.value)" }.joined(separator: " "))
                form = makeForm()
                return
            }
            if result.contains(.cancel) {
                message = Message(.warn, "已取消 cancelled")
                form = makeForm()
                return
            }
            if result.contains(.handled) { return }
        case 1:
            let result = table.handle(key, pageSize: main.height - 1)
            if result.contains(.submit) { message = Message(.info, "打开 open " + table.rows[table.selected][1]) }
            if result.contains(.handled) { return }
        case 3:
            let result = map.handle(key)
            if result.contains(.handled) {
                if let cell = map.selectedCell { message = Message(.info, "网格 \(cell.tag): " + map.states[cell.state].label) }
                return
            }
        default:
            break
        }
        switch globalKeys.action(for: key) {
        case .help: help = HelpOverlay(title: "帮助 Help", table: globalKeys)
        case .nextTab: tabs.selected = (tabs.selected + 1) % tabs.titles.count
        case .previousTab: tabs.selected = (tabs.selected + tabs.titles.count - 1) % tabs.titles.count
        case .tab(let n): tabs.selected = n
        case .sort: table.toggleSort(column: 1)
        case .quit: running = false
        case .crash: fatalError("widgets demo: deliberate trap (F11) to test terminal restore")
        case nil: break
        }
    }

    func draw(_ screen: Screen) {
        screen.cursor = nil
        screen.clear()
        let layout = FrameLayout(size: screen.size)
        TitleLine.render(left: "警务室值班台 widgets demo", right: "\(screen.size.columns)x\(screen.size.rows)",
                         into: screen, rect: layout.title)
        tabs.render(into: screen, rect: layout.tabs)
        let main = layout.main.inset(0)
        switch tabs.selected {
        case 0: form.render(into: screen, rect: main)
        case 1: table.render(into: screen, rect: main)
        case 2:
            let items = [BarChart.Item("东门社区", 42), BarChart.Item("西关村", 17), BarChart.Item("火车站广场", 63),
                         BarChart.Item("Market", 5), BarChart.Item("南街菜市场东侧路口", 30)]
            let (top, rest) = main.splitTop(items.count + 1)
            BarChart.render(items, into: screen, rect: top)
            HourStrip.render(counts: (0..<24).map { ($0 * 7 + 3) % 11 }, label: "警情", into: screen,
                             rect: rest.splitTop(2).top)
        default: map.render(into: screen, rect: main)
        }
        MessageLine.render(message, into: screen, rect: layout.message)
        KeyHintLine.render(globalKeys.hints, into: screen, rect: layout.hints)
        if let help {
            screen.cursor = nil
            help.render(into: screen, area: layout.main)
        }
        screen.flush()
    }
}

let screen: NcursesScreen
do {
    screen = try NcursesScreen()
} catch {
    FileHandle.standardError.write("jingwu-widgets-demo: needs a terminal\n".data(using: .utf8)!)
    exit(2)
}
var demo = Demo()
demo.draw(screen)
while demo.running {
    let key = screen.readKey(timeoutMilliseconds: -1)
    if key == .timeout { continue }
    demo.handle(key, screen: screen)
    demo.draw(screen)
}
screen.close()
print("widgets demo: bye")
