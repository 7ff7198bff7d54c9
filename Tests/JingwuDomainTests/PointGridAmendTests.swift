import Foundation
import JingwuJournal
import JingwuTestSupport
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

    /// `grid` given empty moves a point back into its community's default 网格 (how a point put in the
    /// wrong 网格 is undone when it belongs to none); a point already there has nothing to clear.
    @Test func test_an_empty_grid_moves_a_point_back_into_its_default_grid_and_only_from_a_grid() throws {
        let f = try Fixture()
        try f.run(AddGrid(code: "G01", name: "花园网格", community: "戴花园社区"))
        let point = try XCTUnwrap(f.state.cells.cell("C01"))
        // Already in the default 网格: refused at 网格, the journal unchanged (assertRefused checks its bytes).
        f.assertRefused(AmendEntry(event: point.event, reason: "移回", changes: ["grid": " "]), .nothingToClear, field: "grid")
        try f.run(AmendEntry(event: point.event, reason: "划入花园网格", changes: ["grid": "G01"]))
        XCTAssertEqual(f.state.gridRef(of: try XCTUnwrap(f.state.cells.cell("C01"))), GridRef(community: "戴花园社区", code: "G01"))
        try f.run(AmendEntry(event: point.event, reason: "不属花园网格", changes: ["grid": ""]))
        let back = try XCTUnwrap(f.state.cells.cell("C01"))
        XCTAssertNil(back.grid)
        XCTAssertEqual(f.state.gridRef(of: back), GridRef(community: "戴花园社区", code: nil))
        // The roll-up puts it in the default 网格 again, and a replay gives the same.
        XCTAssertTrue(f.state.grids().contains { $0.ref.code == nil && $0.points.map(\.code).contains("C01") })
        let replayed = try Office(journal: f.journal, clock: f.clock, policy: .standard)
        XCTAssertNil(replayed.state.cells.cell("C01")?.grid)
    }
}
