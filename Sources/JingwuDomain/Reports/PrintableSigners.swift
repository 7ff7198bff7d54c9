import Foundation

extension ReportBuilder {
    /// A report as it is printed to be signed: a handover of a shift gets its signature
    /// lines (签字确认), filled with the shift's officers — 值班人员, 带班民警, 同班人员 and the
    /// 接班人 it was handed to (a blank line while it is not handed over). A case file
    /// already ends with its own (parties, mediators, 经办民警: `disputeFile`); any other
    /// report is returned as it is.
    public func printable(_ document: ReportDocument) -> ReportDocument {
        guard document.kind == "handover", !document.sections.contains(where: { $0.key == PrintablePage.signaturesKey }),
              let figure = document.figures.first(where: { $0.key == "shift" }),
              case .string(let id) = figure.value.json, let shift = state.shifts.shift(id)
        else { return document }
        var out = document
        out.sections.append(handoverSignatures(shift))
        return out
    }

    /// The signature lines of a shift's handover, one per officer, each named once.
    public func handoverSignatures(_ shift: Shift) -> ReportSection {
        let blank = ReportValue(display: "__________", json: .null)
        var rows: [[ReportValue]] = []
        var seen = Set<String>()
        func add(_ role: String, _ badge: String?) {
            guard let badge else {
                rows.append([.text(role), .text(""), blank, blank])
                return
            }
            guard seen.insert(badge).inserted else { return }
            rows.append([.text(role), staffValue(badge), blank, blank])
        }
        add(t("fig.duty"), shift.duty)
        if let lead = shift.leadPolice { add(t("fig.lead_police"), lead) }
        for member in shift.team { add(t("fig.team"), member) }
        add(t("signer.incoming"), shift.handover?.to)
        return ReportSection(
            key: PrintablePage.signaturesKey, title: t("section.signatures"),
            columns: [col("signer_role"), col("signer", max: 24), col("signature"), col("sign_date")],
            rows: rows, emptyText: none)
    }

    /// What `ReportRenderer.csvFiles` names besides the tables, in the operator's language.
    public var csvLabels: ReportRenderer.CSVLabels {
        ReportRenderer.CSVLabels(figures: t("csv.figures"), item: t("csv.item"), value: t("csv.value"))
    }
}
