//! Shell integration: completion scripts a shell accepts, manual pages for every command,
//! and `--version`.

use std::process::Command;

use crate::common::{chainsim, scratch, stderr, stdout};

/// The subcommands `chainsim --help` lists, as a user sees them.
fn subcommands() -> Vec<String> {
    let help = stdout(&chainsim(&["--help"]));
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_a_subcommand_name_from_its_prefix() {
    let out = chainsim(&["completions", "bash"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = scratch("completions-bash");
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("chainsim.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // What bash's programmable completion does on `chainsim sim<TAB>`: set the words and
    // call the function `complete -p chainsim` names.
    let probe = format!(
        "set -e; source '{}'; spec=$(complete -p chainsim); fn=${{spec#*-F }}; fn=${{fn%% *}}; \
         COMP_WORDS=(chainsim sim); COMP_CWORD=1; COMP_LINE='chainsim sim'; COMP_POINT=12; \
         \"$fn\" chainsim sim chainsim; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let bash = Command::new("bash").args(["-c", &probe]).output().unwrap();
    assert!(
        bash.status.success(),
        "bash could not source or run the script: {}",
        String::from_utf8_lossy(&bash.stderr)
    );
    let replies = String::from_utf8_lossy(&bash.stdout);
    assert_eq!(replies.split_whitespace().collect::<Vec<_>>(), ["simulate"]);
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    let names = subcommands();
    assert!(names.len() >= 9, "{names:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = chainsim(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for name in &names {
            assert!(
                script.contains(name.as_str()),
                "{shell} script lacks {name}"
            );
        }
    }
}

#[test]
fn man_writes_one_page_per_command_and_subcommand() {
    let dir = scratch("man-pages");
    let out = chainsim(&["man", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for name in subcommands() {
        let page = format!("chainsim-{name}.1");
        assert!(pages.contains(&page), "{page} missing from {pages:?}");
        let text = std::fs::read_to_string(dir.join(&page)).unwrap();
        assert!(text.starts_with(".ie") && text.contains(&format!(".TH chainsim-{name} 1")));
    }
    // Nested subcommands get pages of their own, named like git's.
    assert!(
        pages.contains(&"chainsim-io-multipliers.1".to_owned()),
        "{pages:?}"
    );
    assert!(pages.contains(&"chainsim.1".to_owned()));
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = stdout(&chainsim(&["--version"]));
    let expected = format!("chainsim {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(out.starts_with(&expected), "{out}");
    let commit = out
        .trim_end()
        .trim_start_matches(&expected)
        .trim_end_matches(')');
    let commit = commit.trim_end_matches("-modified");
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{out}"
    );
}
