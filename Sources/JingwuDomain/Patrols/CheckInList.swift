import Foundation

/// Every check-in of the office, in journal order, stored by column: a
/// station-year holds about 800k of them, nine in ten of all records. Each
/// column is a flat array of fixed-width values (strings as indexes into one
/// pool of distinct patrol ids, cell codes and notes), so a checkpoint writes
/// and loads the whole list as a few block copies instead of 800k decoded
/// structs. It reads and writes like `[CheckIn]`.
public struct CheckInList: Sendable, RandomAccessCollection, MutableCollection, Equatable {
    /// Distinct strings (patrol ids, cell codes, notes); the columns hold indexes into it.
    private var pool = StringPool()
    private var patrolColumn = Column<Int32>()
    private var cellColumn = Column<Int32>()
    /// Index into `pool`, or -1 for no note.
    private var noteColumn = Column<Int32>()
    /// Seconds since 1970 (`Date.timeIntervalSince1970`).
    private var atColumn = Column<Double>()
    private var eventColumn = Column<RawID>()
    /// 1 when voided, else 0.
    private var voidedColumn = Column<UInt8>()

    public init() {}

    public init<S: Sequence>(_ items: S) where S.Element == CheckIn {
        for item in items { append(item) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { atColumn.count }

    public subscript(i: Int) -> CheckIn {
        get {
            let note = noteColumn[i]
            return CheckIn(patrol: pool[patrolColumn[i]], cell: pool[cellColumn[i]],
                           note: note == -1 ? nil : pool[note], at: Date(timeIntervalSince1970: CheckpointReader.sane(atColumn[i])),
                           event: eventColumn[i].uuid, voided: voidedColumn[i] == 1)
        }
        set {
            patrolColumn[i] = intern(newValue.patrol)
            cellColumn[i] = intern(newValue.cell)
            noteColumn[i] = newValue.note.map { intern($0) } ?? -1
            atColumn[i] = newValue.at.timeIntervalSince1970
            eventColumn[i] = RawID(newValue.event)
            voidedColumn[i] = newValue.voided ? 1 : 0
        }
    }

    /// The time of check-in `i`, without building the whole value.
    public func at(_ i: Int) -> Date { Date(timeIntervalSince1970: CheckpointReader.sane(atColumn[i])) }
    /// Whether check-in `i` is voided, without building the whole value.
    public func isVoided(_ i: Int) -> Bool { voidedColumn[i] == 1 }
    /// The cell of check-in `i`.
    public func cell(_ i: Int) -> String { pool[cellColumn[i]] }

    public mutating func append(_ item: CheckIn) {
        patrolColumn.append(intern(item.patrol))
        cellColumn.append(intern(item.cell))
        noteColumn.append(item.note.map { intern($0) } ?? -1)
        atColumn.append(item.at.timeIntervalSince1970)
        eventColumn.append(RawID(item.event))
        voidedColumn.append(item.voided ? 1 : 0)
    }


    private mutating func intern(_ s: String) -> Int32 { pool.intern(s) }

    /// Room for about `n` more check-ins.
    mutating func reserve(_ n: Int) {
        patrolColumn.reserve(n); cellColumn.reserve(n); noteColumn.reserve(n); atColumn.reserve(n)
        eventColumn.reserve(n); voidedColumn.reserve(n)
    }

    public static func == (lhs: CheckInList, rhs: CheckInList) -> Bool {
        guard lhs.count == rhs.count, lhs.atColumn == rhs.atColumn, lhs.eventColumn == rhs.eventColumn,
              lhs.voidedColumn == rhs.voidedColumn
        else { return false }
        if lhs.pool == rhs.pool {
            return lhs.patrolColumn == rhs.patrolColumn && lhs.cellColumn == rhs.cellColumn
                && lhs.noteColumn == rhs.noteColumn
        }
        return lhs.indices.allSatisfy { lhs[$0] == rhs[$0] }
    }
}

// MARK: Checkpoint form

extension CheckInList {
    /// Pool, count, then each column as one block of little-endian values.
    func write(to w: inout CheckpointWriter) {
        pool.write(to: &w)
        w.int(count)
        patrolColumn.write(to: &w); cellColumn.write(to: &w); noteColumn.write(to: &w)
        atColumn.write(to: &w); eventColumn.write(to: &w); voidedColumn.write(to: &w)
    }

    /// Reads what `write` wrote, leaving the columns in the loaded bytes. It does
    /// not walk them: reads are total instead (a pool index out of range reads
    /// as "", any flag but 1 as not voided), so a damaged block cannot trap, and
    /// the checkpoint's checksum is what catches damage.
    static func read(from r: inout CheckpointReader) throws -> CheckInList {
        var list = CheckInList()
        list.pool = StringPool(loaded: try r.strings())
        let n = try r.count(minimum: 37)
        list.patrolColumn = try r.column(Int32.self, count: n)
        list.cellColumn = try r.column(Int32.self, count: n)
        list.noteColumn = try r.column(Int32.self, count: n)
        list.atColumn = try r.column(Double.self, count: n)
        list.eventColumn = try r.column(RawID.self, count: n)
        list.voidedColumn = try r.column(UInt8.self, count: n)
        return list
    }
}
