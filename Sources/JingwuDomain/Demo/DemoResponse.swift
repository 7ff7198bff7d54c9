import Foundation

// The demo's 接处警 and 反诈宣传 (issue 20), from their own random stream (`responseRNG`), so
// the rest of the district is drawn as before.
//
// - Callers: a 110 or telephone call names its caller the way a desk records them (「王女士」)
//   with a mobile number; a walk-in names them too; what a patrol found has no caller.
// - Arrival (到场): most calls are reached within minutes — a median near 8 minutes by day,
//   longer at night (design, [practice]: an urban office reaches its scene in 5–15 minutes); what
//   a patrol found is reached at once; a walk-in is only attended when the scene is elsewhere;
//   about one call in six is settled by phone with nobody sent. An arrival always comes before
//   the incident is closed.
// - Outreach (反诈宣传): about two sessions a week per office, on weekdays in office hours,
//   talks and trainings for residents, grid workers and household leaders, stalls at the
//   market, door-to-door rounds and WeChat group pushes.
extension DemoDistrict {
    private func rChance(_ p: Double) -> Bool { Double(responseRNG.next() >> 11) / Double(1 << 53) < p }
    private func rInt(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &responseRNG) }
    private func rPick<T>(_ items: [T]) -> T { items[Int(responseRNG.next() % UInt64(items.count))] }

    /// The command with its caller, as the desk would record them.
    func withCaller(_ command: LogIncident) -> LogIncident {
        guard command.source != .patrol else { return command }
        var out = command
        out.caller = rPick(DemoNames.surnames) + (rChance(0.5) ? "女士" : "先生")
        out.callerPhone = rPick(DemoNames.mobilePrefixes) + String(format: "%08d", rInt(0...99_999_999))
        return out
    }

    /// Schedules the arrival of incident `id`, logged at `t` and closed `closeDelay` seconds later.
    func planArrival(_ id: String, _ command: LogIncident, at t: Time, closeDelay: Time) {
        let minutes: Int
        switch command.source {
        case .patrol: minutes = rInt(0...2)
        case .walkIn:
            guard rChance(0.4) else { return }
            minutes = rInt(10...35)
        case .alarm110, .call:
            guard rChance(0.84) else { return }
            let hour = OfficeTime.hour(Date(timeIntervalSince1970: Double(t)))
            let night = hour >= 22 || hour < 6
            // Mostly 4–12 minutes, a tail to 25 (30 at night).
            minutes = rChance(0.8) ? rInt(night ? 6...15 : 4...12) : rInt(night ? 15...30 : 12...25)
        }
        let arrival = min(t + Time(minutes * 60), t + closeDelay - 60)
        guard arrival >= t else { return }
        // Whoever is on the desk records it as the patrol radios in.
        schedule(arrival, .arrival(id))
    }

    /// 反诈宣传 for one office's day.
    func planOutreach(_ plan: OfficePlan, _ dayStart: Time, weekday: Int) {
        guard weekday >= 1 && weekday <= 5, rChance(0.4) else { return }
        let start = dayStart + Time(rChance(0.5) ? rInt(9 * 60...11 * 60) : rInt(14 * 60 + 30...17 * 60)) * 60
        let form = [OutreachForm.lecture, .lecture, .training, .doorToDoor, .doorToDoor, .stall, .online][rInt(0...6)]
        let audience: OutreachAudience
        let attendees: Int
        let households: Int
        let place: String
        switch form {
        case .lecture:
            audience = rChance(0.8) ? .residents : .shops
            attendees = rInt(18...60)
            households = attendees * rInt(70...90) / 100
            place = rPick(["社区活动室", "社区党群服务中心", "小区广场", "老年活动中心"])
        case .training:
            audience = rChance(0.5) ? .gridWorkers : .householdLeaders
            attendees = rInt(10...30)
            households = 0
            place = rPick(["社区会议室", "警务室"])
        case .doorToDoor:
            audience = .residents
            households = rInt(25...70)
            attendees = households + rInt(0...households / 3)
            place = rPick(["小区各楼栋", "沿街住户", "出租屋集中片区"])
        case .stall:
            audience = rChance(0.7) ? .residents : .shops
            attendees = rInt(40...150)
            households = rInt(10...40)
            place = rPick(["农贸市场门口", "小区门口", "沿街商铺", "超市门口"])
        case .online:
            audience = .residents
            attendees = rInt(180...480)
            households = 0
            place = rPick(["小区业主微信群", "商户微信群"])
        }
        let cell = rPick(plan.cells.filter { $0.kind == .compound }).code
        let topic = rPick(DemoNames.fraudNotes)
        let by = rChance(0.6) ? plan.staff.police : rPick(plan.staff.auxiliaries)
        schedule(start, .command(RecordOutreach(cell: cell, place: place, form: form, audience: audience, attendees: attendees,
                                                households: households, topic: "讲解“" + topic + "”手法"), by: by))
    }
}
