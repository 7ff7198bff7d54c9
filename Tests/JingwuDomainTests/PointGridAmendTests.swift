import Foundation
import JingwuJournal
import Testing

@testable import JingwuDomain

/// Moving a point into a 网格 by a correction (`event amend --set grid=`, the console's `p` on a
/// 网格's 楼栋 list, session 11) follows `cell add --grid`: a 网格 of the point's own community
/// only — another community's is refused at `grid`, the journal unchanged.
@Suite(.serialized) final class PointGridAmendTests {
    @Test func test_a_point_moves_only_into_a_grid_of_its_own_community() throws {
        let f = try Fixture()
        try f.run(AddGrid(code: "G01", name: "花园网格", community: "戴花园社区"))
        try f.run(AddGrid(code: "G05", name: "幸福网格", community: "幸福社区"))
        try f.run(AddCell(code: "X01", name: "幸福小区", community: "幸福社区", kind: .compound))
        let point = try XCTUnwrap(f.state.cells.cell("C01"))
        XCTAssertEqual(point.community, "戴花园社区")
        f.assertRefused(AmendEntry(event: point.event, reason: "划错", changes: ["grid": "g05"]), .otherCommunity, field: "grid")
        XCTAssertNil(f.state.cells.cell("C01")?.grid)
        try f.run(AmendEntry(event: point.event, reason: "划入花园网格", changes: ["grid": "g01"]))
        XCTAssertEqual(f.state.cells.cell("C01")?.grid, "G01")
        let other = try XCTUnwrap(f.state.cells.cell("X01")?.event)
        try f.run(AmendEntry(event: other, reason: "划入幸福网格", changes: ["grid": "G05"]))
        XCTAssertEqual(f.state.gridRef(of: try XCTUnwrap(f.state.cells.cell("X01"))), GridRef(community: "幸福社区", code: "G05"))
    }
}
