import Foundation
import JingwuJournal

/// The kind of a grid cell (网格), which sets its default coverage window.
public enum CellKind: String, DomainCode {
    case compound, street, village, site
    public static let codeKind = "cell_kind"
}
