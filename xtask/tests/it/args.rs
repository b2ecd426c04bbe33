//! The command line of `spec-diff` (`xtask::spec_diff::parse_args`).

use xtask::spec_diff::*;

fn args(list: &[&str]) -> Result<Parsed, String> {
    parse_args(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

#[test]
fn parses_the_forms_of_each_option() {
    let expected = Parsed::Run(Args {
        new: "n.yaml".into(),
        old: Some("o.yaml".into()),
        format: Format::Json,
    });
    assert_eq!(
        args(&["n.yaml", "--old", "o.yaml", "--format", "json"]).unwrap(),
        expected
    );
    assert_eq!(
        args(&["--format=json", "--old=o.yaml", "n.yaml"]).unwrap(),
        expected
    );
    assert_eq!(
        args(&["n.yaml"]).unwrap(),
        Parsed::Run(Args {
            new: "n.yaml".into(),
            old: None,
            format: Format::Text
        })
    );
    assert_eq!(args(&["--help"]).unwrap(), Parsed::Help);
    // OLD.yaml NEW.yaml, in that order.
    assert_eq!(
        args(&["o.yaml", "n.yaml", "--format", "json"]).unwrap(),
        expected
    );
}

#[test]
fn refuses_bad_command_lines() {
    assert!(args(&[]).unwrap_err().contains("missing NEW.yaml"));
    assert!(args(&["a", "b", "c"])
        .unwrap_err()
        .contains("unexpected argument"));
    assert!(args(&["a", "b", "--old", "c"])
        .unwrap_err()
        .contains("not both"));
    assert!(args(&["a", "--old"])
        .unwrap_err()
        .contains("--old needs a value"));
    assert!(args(&["a", "--format", "xml"])
        .unwrap_err()
        .contains("unknown format"));
    assert!(args(&["a", "--verbose"])
        .unwrap_err()
        .contains("unknown option"));
}

#[test]
fn the_default_old_spec_exists() {
    assert!(workspace_root().join("openapi/auth.yaml").is_file());
}
