import Foundation

// One keyed list for the books whose records have a short id (`D2026-0001`, `I0005`,
// `F0004`, `K0012`, `S0003`): the records in the order they were made, an index from id to
// position, look-up that hides voided records, and the fold's "append an entry to a record
// and keep its position" (the position is what `EventTarget` remembers for amend and void).

/// A record a keyed list holds: found by its short id, hidden from look-ups once voided.
protocol KeyedItem: Sendable, Equatable {
    var id: String { get }
    var voided: Bool { get }
}

/// Records in the order they were made, with an id → position index. O(1) look-up, add
/// and in-place update; nothing is ever removed (a voided record stays, marked).
struct KeyedList<Item: KeyedItem>: Sendable, Equatable {
    private(set) var items: [Item] = []
    private var index: [String: Int] = [:]

    init() {}

    /// The records as a checkpoint gives them back; the index is rebuilt (the last of a
    /// repeated id wins, as when they were added one by one).
    init(_ items: [Item]) {
        self.items = items
        index.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { index[item.id] = i }
    }

    /// Records ever added, voided ones included.
    var count: Int { items.count }

    /// Where the record with this id is, voided or not.
    func position(of id: String) -> Int? { index[id] }

    /// The record with this id unless it was voided.
    func live(_ id: String) -> Item? {
        guard let i = index[id], !items[i].voided else { return nil }
        return items[i]
    }

    /// The record at `position` (from `position(of:)`), changed in place.
    subscript(at position: Int) -> Item {
        get { items[position] }
        _modify { yield &items[position] }
    }

    mutating func add(_ item: Item) {
        index[item.id] = items.count
        items.append(item)
    }

    /// Changes the record with this id in place; nothing when there is none.
    mutating func update(_ id: String, _ change: (inout Item) -> Void) {
        if let i = index[id] { change(&items[i]) }
    }
}

/// A book kept on a keyed list. A book that keeps more than the list (numbering per year, the
/// persons' ID numbers) gives its own `add` and `update`, and the entries below go through it.
protocol KeyedBook {
    associatedtype Item: KeyedItem
    var list: KeyedList<Item> { get set }
    mutating func add(_ item: Item)
    mutating func update(_ id: String, _ change: (inout Item) -> Void)
}

extension KeyedBook {
    mutating func add(_ item: Item) { list.add(item) }
    mutating func update(_ id: String, _ change: (inout Item) -> Void) { list.update(id, change) }

    /// Appends an entry (a mediation, a dissuasion, a status change…) to the `entries` list of
    /// record `id`; returns its position there, which `EventTarget` keeps (0 when there is no
    /// such record: the entry is then not kept, and the target points at nothing).
    mutating func append<Entry>(_ entry: Entry, to entries: WritableKeyPath<Item, [Entry]>, of id: String) -> Int {
        var position = 0
        update(id) {
            position = $0[keyPath: entries].count
            $0[keyPath: entries].append(entry)
        }
        return position
    }

    /// Changes the entry at `position` of record `id`'s `entries` (an amend or a void), if it is there.
    mutating func update<Entry>(_ id: String, _ entries: WritableKeyPath<Item, [Entry]>, at position: Int,
                                _ change: (inout Entry) -> Void) {
        update(id) { if position < $0[keyPath: entries].count { change(&$0[keyPath: entries][position]) } }
    }
}
