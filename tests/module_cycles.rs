//! No module import cycles inside any crate (issue 12 §2).
//!
//! A newcomer reads a crate from the bottom up: entities and types first, then the use cases
//! that build on them. A cycle (a imports b, b imports a, possibly through others) makes that
//! order impossible, so this test reads every `crates/*/src` tree, collects the modules each
//! file names (`use crate::…`, `use super::…`, and `crate::…` paths in the code), and fails on
//! any cycle, naming the files and what ties them.
//!
//! It reads source as text with the standard library only, so it runs on a fresh machine
//! without the network. Comments and `#[cfg(test)]` tails are left out (tests may reach
//! anywhere), and so is a module naming its own descendants (a parent declares and re-exports
//! its children; only a child reaching back up, or a sibling, ties two modules together).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One crate's modules (`a::b` path, `""` for the root) and their source files.
fn modules_of(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let Ok(rel) = path.strip_prefix(src) else {
                continue;
            };
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            // Binaries (`src/bin/*.rs`, `main.rs`) are crates of their own; keep them apart.
            if parts.first().map(String::as_str) == Some("bin") {
                continue;
            }
            out.insert(parts.join("::"), path);
        }
    }
    out
}

/// The source without comments, string contents and the `#[cfg(test)]` tail.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            // Skip the string's contents (with escapes); raw strings in this code hold no quotes
            // that matter for imports.
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            // A char literal such as '{' must not count as a brace.
            i += 3;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Expands one `use` tree (`crate::{a::B, c::{d, e}}`) into whole paths.
fn expand(source: &str) -> Vec<String> {
    // Drop renames (`X as Y`) and white space.
    let mut tree = String::new();
    let mut words = source.split_whitespace();
    while let Some(w) = words.next() {
        if w == "as" {
            let renamed = words.next().unwrap_or_default();
            tree.extend(
                renamed
                    .chars()
                    .filter(|c| !(c.is_alphanumeric() || *c == '_')),
            );
        } else {
            tree.push_str(w);
        }
    }
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// Every path the code names that starts at `crate`, `super` or `self`.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    // `use` statements, braces and all.
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(end) = rest.find(';') {
            let stmt = &rest[..end];
            if stmt.starts_with("crate::")
                || stmt.starts_with("super::")
                || stmt.starts_with("self::")
            {
                out.extend(expand(stmt));
            }
        }
    }
    // `crate::a::b` written inline in the code.
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let path = rest[..end].trim_end_matches(':');
        let inside_use = before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        if !inside_use && path != "crate" && !out.iter().any(|p| p == path) {
            out.push(path.to_string());
        }
        rest = &rest[end.max(7)..];
    }
    out
}

/// The module a path names: the longest known module its segments begin with.
fn resolve(from: &str, path: &str, modules: &BTreeMap<String, PathBuf>) -> Option<String> {
    let mut segs: Vec<&str> = if from.is_empty() {
        Vec::new()
    } else {
        from.split("::").collect()
    };
    let mut parts = path.split("::").peekable();
    match parts.peek().copied() {
        Some("crate") => {
            segs.clear();
            parts.next();
        }
        Some("self") => {
            parts.next();
        }
        Some("super") => {
            while parts.peek() == Some(&"super") {
                parts.next();
                segs.pop();
            }
        }
        _ => return None,
    }
    segs.extend(parts);
    (0..=segs.len())
        .rev()
        .map(|n| segs[..n].join("::"))
        .find(|m| modules.contains_key(m))
}

fn is_ancestor(a: &str, b: &str) -> bool {
    a.is_empty() || b.starts_with(&format!("{a}::"))
}

/// Cycles among the modules: the strongly connected components with more than one module.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: Vec<&String> = edges.keys().collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for m in edges.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    stack.push(m.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for n in &nodes {
        if done.contains(*n) || !reaches[n].contains(*n) {
            continue;
        }
        let comp: Vec<String> = nodes
            .iter()
            .filter(|m| reaches[n].contains(**m) && reaches[*m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        done.extend(comp.iter().cloned());
        out.push(comp);
    }
    out
}

#[test]
fn no_module_import_cycle_inside_any_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut crates: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .map(|d| d.flatten().map(|e| e.path().join("src")).collect())
        .unwrap_or_default();
    crates.push(root.join("migrations/src"));
    crates.sort();
    let mut report = Vec::new();
    let mut seen_modules = 0;
    for src in crates.iter().filter(|s| s.is_dir()) {
        let modules = modules_of(src);
        seen_modules += modules.len();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut why: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for (name, file) in &modules {
            let code = code_of(&fs::read_to_string(file).unwrap_or_default());
            edges.entry(name.clone()).or_default();
            for path in paths_in(&code) {
                let Some(target) = resolve(name, &path, &modules) else {
                    continue;
                };
                if target == *name || is_ancestor(name, &target) {
                    continue;
                }
                edges
                    .entry(name.clone())
                    .or_default()
                    .insert(target.clone());
                why.entry((name.clone(), target)).or_default().insert(path);
            }
        }
        for comp in cycles(&edges) {
            let mut lines = vec![format!(
                "cycle in {}: {}",
                src.display(),
                comp.join(" <-> ")
            )];
            for a in &comp {
                for b in edges[a].iter().filter(|b| comp.contains(b)) {
                    let names: Vec<&String> = why[&(a.clone(), b.clone())].iter().collect();
                    lines.push(format!("  {a} -> {b}: {names:?}"));
                }
            }
            report.push(lines.join("\n"));
        }
    }
    assert!(
        seen_modules > 50,
        "read only {seen_modules} modules: wrong root?"
    );
    assert!(
        report.is_empty(),
        "module import cycles (move the shared item down into a module both can use):\n{}",
        report.join("\n")
    );
}

#[test]
fn the_cycle_finder_sees_a_cycle_and_a_clean_tree() {
    let mut modules = BTreeMap::new();
    for m in ["", "a", "b", "c", "a::x"] {
        modules.insert(m.to_string(), PathBuf::new());
    }
    assert_eq!(
        resolve("a", "crate::b::{Thing}", &modules).as_deref(),
        Some("b")
    );
    assert_eq!(
        resolve("a::x", "super::Thing", &modules).as_deref(),
        Some("a")
    );
    assert_eq!(
        expand("crate::{a::{B, C}, b::D as E}"),
        vec!["crate::a::B", "crate::a::C", "crate::b::D"]
    );
    let code = code_of(
        "use crate::{a::B, c};\n// crate::b::f\nfn f() { crate::b::g(); }\n#[cfg(test)]\nuse crate::c::Z;",
    );
    assert_eq!(
        paths_in(&code),
        vec!["crate::a::B", "crate::c", "crate::b::g"]
    );
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default();
    assert!(cycles(&edges).is_empty());
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        cycles(&edges),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
}
