//! Printing the differences: grouped text for people, JSON for machines.

use super::diff::{Change, Difference};
use super::rules::Bump;

/// `Added`, `Removed`, `Changed` groups, one line per difference followed
/// by its effect on the Rust API and bump, then the bump the whole update
/// needs and a summary line last.
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
            out.push_str(&format!("    Rust API: {} ({})\n", d.rust, d.bump.name()));
        }
    }
    out.push('\n');
    out.push_str(&rust_summary(diffs));
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

/// The bump the whole update needs: `Rust API: major bump (1 major, 4
/// minor)`.
pub fn rust_summary(diffs: &[Difference]) -> String {
    let bump = needed(diffs);
    let counts: Vec<String> = [Bump::Major, Bump::Minor, Bump::Patch]
        .into_iter()
        .filter_map(|b| {
            let n = diffs.iter().filter(|d| d.bump == b).count();
            (n > 0).then(|| format!("{n} {}", b.name()))
        })
        .collect();
    match bump {
        None => "Rust API: unchanged".to_string(),
        Some(b) => format!("Rust API: {} bump ({})", b.name(), counts.join(", ")),
    }
}

/// The largest bump of the differences, `None` when there are none.
pub fn needed(diffs: &[Difference]) -> Option<Bump> {
    diffs.iter().map(|d| d.bump).max()
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
                "rust_api": d.rust,
                "bump": d.bump.name(),
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
            "bump": needed(diffs).map(Bump::name),
        },
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
