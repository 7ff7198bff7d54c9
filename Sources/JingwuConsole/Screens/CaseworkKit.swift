import JingwuDomain

/// A yes/no choice on a form (the 排查 form's 零报告).
enum YesNo: String, DomainCode {
    case no, yes
    static let codeKind = "yes_no"
}
