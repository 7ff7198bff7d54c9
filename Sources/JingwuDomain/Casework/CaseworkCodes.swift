import Foundation
import JingwuJournal

/// Who holds a reception day (接访日, seed 004): the community officer (社区民警, Tuesday) or the
/// community secretary (书记, Thursday); the weekdays are in `policy/casework.json`.
public enum ReceptionHost: String, DomainCode {
    case officer, secretary
    public static let codeKind = "reception_host"
}

/// Who a rectification notice (整改通知书) is addressed to: a unit (单位) or a person (个人).
public enum NoticeParty: String, DomainCode {
    case unit, person
    public static let codeKind = "notice_party"
}
