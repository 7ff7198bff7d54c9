// The terminal measures text with `TextWidth`, which lives in JingwuResources (next to
// `SafeText`) so that the report renderers in JingwuDomain measure with the very same rule:
// one display-width function for the whole product. Re-exported, so every user of the
// terminal layer keeps writing `TextWidth.columns(of:)` without a second import.
@_exported import JingwuResources
