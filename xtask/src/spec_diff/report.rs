//! Printing the differences: grouped text for people, JSON for machines.

use super::diff::{Change, Difference};

/// `Added`, `Removed`, `Changed` groups, one line per difference, and a
/// summary line last.
pub fn text(old: &str, new: &str, diffs: &[Difference]) -> String {
    let mut out = format!("spec-diff: {old} -> {new}\n");
    if diffs.is_empty() {
        out.push_str("\nNo differences in the wire contract.\n");
    }
    for (change, title) in [
        (Change::Added, "Added"),
        (Change::Removed, "Removed"),
        (Change::Changed, "Changed"),
    ] {
        let group: Vec<&Difference> = diffs.iter().filter(|d| d.change == change).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}:\n"));
        for d in group {
            out.push_str(&d.line());
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&summary(diffs));
    out.push('\n');
    out
}

/// `3 differences, 2 breaking`.
pub fn summary(diffs: &[Difference]) -> String {
    let breaking = diffs.iter().filter(|d| d.breaking).count();
    let noun = if diffs.len() == 1 {
        "difference"
    } else {
        "differences"
    };
    format!("{} {noun}, {breaking} breaking", diffs.len())
}

/// One JSON object: the two files, every difference in group order, and
/// the counts.
pub fn json(old: &str, new: &str, diffs: &[Difference]) -> String {
    let ordered = [Change::Added, Change::Removed, Change::Changed]
        .into_iter()
        .flat_map(|change| diffs.iter().filter(move |d| d.change == change));
    let items: Vec<serde_json::Value> = ordered
        .map(|d| {
            serde_json::json!({
                "change": d.change.name(),
                "kind": d.kind.name(),
                "subject": d.subject,
                "detail": d.detail,
                "breaking": d.breaking,
                "line": d.line(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "old": old,
        "new": new,
        "differences": items,
        "summary": {
            "differences": diffs.len(),
            "breaking": diffs.iter().filter(|d| d.breaking).count(),
        },
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
