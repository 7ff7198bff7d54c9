import Foundation
import JingwuDomain

/// The `/` filter of the 网格 drill-down's lists and the 群防群治 panel's: `RecordQuery`'s rules,
/// as the console's search (SearchKit) reads what was typed, over the text a row shows. A row is
/// kept when its id is what was typed (`hh2` is HH0002, as `#` finds records) or the text is in
/// one of its cells as shown — numbers masked (`Privacy.maskNumbers`), any case. ID numbers are
/// never searched: a whole number typed (7 digits or more: an ID number, a phone) keeps no row,
/// and the columns that show one (masked) are left out (`skip`).
enum ListFilter {
    static func keeps(_ raw: String, id: String, cells: [String], skip: Set<Int> = []) -> Bool {
        guard let query = RecordQuery(raw) else { return true }
        if query.isWholeNumber { return false }
        if query.matchesID(id) { return true }
        for (i, cell) in cells.enumerated() where !skip.contains(i) {
            let shown = Privacy.maskNumbers(in: CleanText.strip(cell))
            if shown.range(of: query.text, options: .caseInsensitive) != nil { return true }
        }
        return false
    }
}
