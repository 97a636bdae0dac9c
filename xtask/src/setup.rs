//! Installs what the project needs, skipping whatever is already there at the right
//! version. Only package registries are used: crates.io, Debian, npm.

use anyhow::{bail, Context, Result};

use crate::run::{command, output, root, step};

/// Trunk release known to build with this toolchain (newer ones need a newer rustc).
const TRUNK_VERSION: &str = "0.21.14";
/// The wasm splitter that matches Leptos's `wasm_split` macros (crate
/// `wasm_split_cli_support`, binary `wasm-split-cli`; the crate named `wasm-split-cli`
/// is another tool). 0.2.3 or newer is needed with wasm-bindgen 0.2.128 or newer.
const WASM_SPLIT_CRATE: &str = "wasm_split_cli_support";
const WASM_SPLIT_VERSION: &str = "0.2.4";
/// Debian packages for browser tests and Chinese glyphs in screenshots.
const APT_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-noto-cjk"];

/// Runs every install step.
pub fn run() -> Result<()> {
    wasm_target()?;
    apt_packages()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_split()?;
    npm_tools()?;
    step(
        "cargo fetch (Trunk builds offline)",
        command("cargo", &["fetch"]),
    )?;
    Ok(())
}

fn wasm_target() -> Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        eprintln!("ok: wasm32-unknown-unknown target");
        return Ok(());
    }
    step(
        "rustup target add wasm32-unknown-unknown",
        command("rustup", &["target", "add", "wasm32-unknown-unknown"]),
    )
}

fn apt_packages() -> Result<()> {
    let missing: Vec<&str> = APT_PACKAGES
        .into_iter()
        .filter(|package| {
            output("dpkg-query", &["-W", "-f=${Status}", package])
                .is_none_or(|status| !status.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        eprintln!("ok: {}", APT_PACKAGES.join(", "));
        return Ok(());
    }
    let is_root = output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        bail!(
            "missing Debian packages {missing:?}; install them with: sudo apt-get install -y {}",
            missing.join(" ")
        );
    }
    step("apt-get update", command("apt-get", &["update", "-qq"]))?;
    let mut install = command(
        "apt-get",
        &["install", "-y", "-qq", "--no-install-recommends"],
    );
    install
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive");
    step(&format!("apt-get install {}", missing.join(" ")), install)
}

fn trunk() -> Result<()> {
    let version = output("trunk", &["--version"]).unwrap_or_default();
    if version.trim() == format!("trunk {TRUNK_VERSION}") {
        eprintln!("ok: trunk {TRUNK_VERSION}");
        return Ok(());
    }
    step(
        &format!("cargo install trunk {TRUNK_VERSION} (about 12 minutes on 2 cores)"),
        command(
            "cargo",
            &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
        ),
    )
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|next| next.strip_prefix("version = \""))
            {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

fn wasm_bindgen() -> Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    let cli = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if cli.contains(&wanted) && runner.contains(&wanted) {
        eprintln!("ok: wasm-bindgen-cli {wanted}");
        return Ok(());
    }
    // Without --locked: the CLI's own lock file names a crate version the
    // registry no longer serves.
    step(
        &format!("cargo install wasm-bindgen-cli {wanted} (about 4 minutes)"),
        command(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &wanted],
        ),
    )
}

fn wasm_split() -> Result<()> {
    // The binary has no --version: cargo's own list of what it installed says which.
    let installed = output("cargo", &["install", "--list"]).unwrap_or_default();
    let on_path = output("wasm-split-cli", &["--help"]).is_some();
    if on_path && installed_version(&installed, WASM_SPLIT_CRATE) == Some(WASM_SPLIT_VERSION) {
        eprintln!("ok: wasm-split-cli ({WASM_SPLIT_CRATE} {WASM_SPLIT_VERSION})");
        return Ok(());
    }
    step(
        &format!(
            "cargo install {WASM_SPLIT_CRATE} {WASM_SPLIT_VERSION} --features build-binary (about 4 minutes)"
        ),
        command(
            "cargo",
            &[
                "install",
                WASM_SPLIT_CRATE,
                "--version",
                WASM_SPLIT_VERSION,
                "--features",
                "build-binary",
                "--locked",
            ],
        ),
    )
}

/// The version of `krate` in `cargo install --list` output (`name v1.2.3:` lines).
fn installed_version<'a>(list: &'a str, krate: &str) -> Option<&'a str> {
    list.lines()
        .filter_map(|line| line.strip_prefix(krate)?.strip_prefix(" v"))
        .map(|rest| rest.trim_end_matches(':'))
        .next()
}

fn npm_tools() -> Result<()> {
    let wasm_opt = root().join("node_modules/.bin/wasm-opt");
    let version = output(&wasm_opt.to_string_lossy(), &["--version"]).unwrap_or_default();
    let axe_wanted = npm_wanted("axe-core")?;
    let axe_installed = npm_installed("axe-core");
    let esbuild_wanted = npm_wanted("esbuild")?;
    let esbuild_installed = npm_installed("esbuild");
    if version.contains("version_132")
        && axe_installed.as_deref() == Some(axe_wanted.as_str())
        && esbuild_installed.as_deref() == Some(esbuild_wanted.as_str())
    {
        eprintln!(
            "ok: wasm-opt 132 (npm binaryen), axe-core {axe_wanted}, esbuild {esbuild_wanted}"
        );
        return Ok(());
    }
    step(
        "npm ci (binaryen's wasm-opt, esbuild, and axe-core for the accessibility tests)",
        command("npm", &["ci", "--no-audit", "--no-fund"]),
    )
}

/// The version `package.json` pins for the npm package `name`.
fn npm_wanted(name: &str) -> Result<String> {
    let manifest = std::fs::read_to_string(root().join("package.json"))?;
    let manifest: serde_json::Value = serde_json::from_str(&manifest)?;
    manifest["devDependencies"][name]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("package.json pins no version of {name}"))
}

/// The version of npm package `name` under `node_modules`, if it is there.
fn npm_installed(name: &str) -> Option<String> {
    let manifest = root().join("node_modules").join(name).join("package.json");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(manifest).ok()?).ok()?;
    manifest["version"].as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_installed_version_from_cargos_list() {
        let list =
            "trunk v0.21.14:\n    trunk\nwasm_split_cli_support v0.2.4:\n    wasm-split-cli\n";
        assert_eq!(
            installed_version(list, "wasm_split_cli_support"),
            Some("0.2.4")
        );
        assert_eq!(installed_version(list, "wasm-bindgen-cli"), None);
    }
}
