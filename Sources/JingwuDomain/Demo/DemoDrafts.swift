import Foundation
import JingwuJournal

/// A demo district's drafts, pulled one at a time for a bulk append: the district is set up
/// on the first pull and then run a day at a time as the queue empties, so a year is never
/// held in memory whole. `jingwu demo` and `jingwu-bench gen` write through it.
public struct DemoDrafts {
    public let district: DemoDistrict
    private var buffer: [EventDraft] = []
    private var position = 0
    private var days: IndexingIterator<Range<Int>>?

    public init(district: DemoDistrict) { self.district = district }

    /// The next draft, or nil after the last day.
    public mutating func next() throws -> EventDraft? {
        while position >= buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
            if days == nil {
                try district.setUp()
                days = (0..<max(1, district.options.days)).makeIterator()
            } else if let day = days!.next() {
                district.runDay(day)
            } else {
                return nil
            }
            buffer = district.writer.pending
            district.writer.pending.removeAll(keepingCapacity: true)
        }
        defer { position += 1 }
        return buffer[position]
    }
}
