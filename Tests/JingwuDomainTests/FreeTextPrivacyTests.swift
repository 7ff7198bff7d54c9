import Foundation
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 14: whole ID and mobile numbers typed into free text are masked wherever they stand.
@Suite(.serialized) final class FreeTextPrivacyTests {
    let id = "110101199003071234"

    @Test func test_an_id_number_with_x_glued_to_letters_or_chinese_is_masked() {
        XCTAssertEqual(Privacy.maskNumbers(in: "张三110101199003071234x"), "张三110101********1234x")
        XCTAssertEqual(Privacy.maskNumbers(in: "张三11010519491231002X住"), "张三110105********002X住")
        XCTAssertEqual(Privacy.maskNumbers(in: "id\(id)abc"), "id110101********1234abc")
        XCTAssertEqual(Privacy.maskNumbers(in: "身份证\(id)。"), "身份证110101********1234。")
    }

    @Test func test_a_mobile_number_glued_to_letters_with_86_or_separators_is_masked() {
        XCTAssertEqual(Privacy.maskNumbers(in: "tel13800138000"), "tel138****8000")
        XCTAssertEqual(Privacy.maskNumbers(in: "电话13800138000联系"), "电话138****8000联系")
        XCTAssertEqual(Privacy.maskNumbers(in: "+8613800138000"), "+86138****8000")
        XCTAssertEqual(Privacy.maskNumbers(in: "+86 138 0013 8000"), "+86138****8000")
        XCTAssertEqual(Privacy.maskNumbers(in: "手机138-0013-8000。"), "手机138****8000。")
        XCTAssertEqual(Privacy.maskNumbers(in: "手机 138 0013 8000 已打"), "手机 138****8000 已打")
        // A grouped phone followed by another number still has its own mask.
        XCTAssertEqual(Privacy.maskNumbers(in: "138 0013 8000 13900139000"), "138****8000 139****9000")
        // Full-width digits from a Chinese input method.
        XCTAssertEqual(Privacy.maskNumbers(in: "电话１３８００１３８０００"), "电话１３８****８０００")
    }

    @Test func test_a_15_digit_first_generation_id_and_an_id_written_in_groups_are_masked() {
        XCTAssertEqual(Privacy.maskNumbers(in: "老证110101900307123"), "老证110101*****7123")
        XCTAssertEqual(Privacy.maskNumbers(in: "110101 19900307 1234"), "110101********1234")
    }

    @Test func test_longer_digit_runs_keep_only_their_last_four() {
        // An ID with one digit too many, or an ID and a phone written together: nothing leaks.
        XCTAssertEqual(Privacy.maskNumbers(in: id + "5"), String(repeating: "*", count: 15) + "2345")
        let both = Privacy.maskNumbers(in: id + "13800138000")
        XCTAssertFalse(both.contains("19900307"), both)
        XCTAssertFalse(both.contains("0013"), both)
        XCTAssertEqual(Privacy.maskNumbers(in: "113800138000"), "********8000")
        // Short runs (times, counts, record numbers) are left alone.
        XCTAssertEqual(Privacy.maskNumbers(in: "2026-11-23 09:30 共3人 D2026-0001 1234567890"),
                       "2026-11-23 09:30 共3人 D2026-0001 1234567890")
    }

    @Test func test_ids_and_hashes_stay_whole_and_masking_is_idempotent() {
        let hash = "1380013800013800138000aa" + String(repeating: "b", count: 40)
        XCTAssertEqual(Privacy.maskNumbers(in: "hash=" + hash), "hash=" + hash)
        let uuid = "13800138-0001-4380-8138-138001380001"
        XCTAssertEqual(Privacy.maskNumbers(in: uuid), uuid)
        for text in ["张三110101199003071234x tel13800138000", "+86 138-0013-8000", id + "5"] {
            let once = Privacy.maskNumbers(in: text)
            XCTAssertEqual(Privacy.maskNumbers(in: once), once)
        }
    }

    @Test func test_masking_before_cutting_leaves_no_part_of_a_number() {
        let text = "报警人13800138000称其身份证\(id)被冒用"
        let cut = TextWidth.truncate(Privacy.maskNumbers(in: text), to: 14)
        XCTAssertFalse(cut.contains("0013"), cut)
        XCTAssertTrue(cut.hasPrefix("报警人138****"), cut)
    }

    @Test func test_the_cheap_test_before_masking_never_skips_a_number() {
        for text in ["tel13800138000", "电话１３８００１３８０００", "1 3 8 0 0 1 3 8 0 0 0", id] {
            XCTAssertTrue(Privacy.mayHoldNumber(Data(text.utf8)), text)
        }
        XCTAssertFalse(Privacy.mayHoldNumber(Data(#"{"cell":"C01","incident":"I0001","n":123}"#.utf8)))
    }
}
