//! What ships for running the facade in containers (Dockerfile, deploy/kubernetes/): the
//! Kubernetes manifests valid against the Kubernetes API's schemas (kubernetes-validate, from
//! PyPI, installed by the README's test command), the route table of their ConfigMap checking
//! against the demo the image carries, and the arguments the image and the Deployment start
//! the binary with taken by the binary as they are.

mod common;

use std::path::{Path, PathBuf};

use common::modern::*;
use common::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_kubernetes_manifests_are_valid() {
    let dir = repo().join("deploy/kubernetes");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    let out = python_tool("kubernetes-validate")
        .args(["--strict", "--kubernetes-version", "1.31.0"])
        .args(&files)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert_eq!(
        said.matches(" passed for resource ").count(),
        files.len(),
        "{said}"
    );
}

/// The route table the ConfigMap carries, as the Deployment mounts it.
fn configmap_table() -> String {
    let yaml = std::fs::read_to_string(repo().join("deploy/kubernetes/routes.yaml")).unwrap();
    let (_, block) = yaml
        .split_once("routes.toml: |\n")
        .expect("the ConfigMap's routes.toml");
    block
        .lines()
        .take_while(|l| l.is_empty() || l.starts_with("    "))
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `--flag=value` arguments of the Deployment's container.
fn deployment_args() -> Vec<String> {
    let yaml = std::fs::read_to_string(repo().join("deploy/kubernetes/deployment.yaml")).unwrap();
    let (_, rest) = yaml
        .split_once("          args:\n")
        .expect("the container's args");
    rest.lines()
        .take_while(|l| l.trim_start().starts_with("- --"))
        .map(|l| l.trim_start().trim_start_matches("- ").to_string())
        .collect()
}

/// The Dockerfile's `CMD`, a JSON array.
fn image_args() -> Vec<String> {
    let dockerfile = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    let cmd = dockerfile
        .lines()
        .find_map(|l| l.strip_prefix("CMD "))
        .expect("a CMD");
    serde_json::from_str(cmd).expect("CMD is a JSON array")
}

/// The arguments as this machine runs them: the container's paths are the repository's, and
/// `--listen` (0.0.0.0:8080 in a container) is left to `start_logged`, which picks a free
/// loopback port.
fn here(args: &[String], routes: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = args.iter();
    while let Some(a) = args.next() {
        if a == "--listen" {
            assert_eq!(args.next().map(String::as_str), Some("0.0.0.0:8080"));
            continue;
        }
        if a == "--listen=0.0.0.0:8080" {
            continue;
        }
        out.push(
            a.replace("/etc/soapfig/wsdl", repo().join("wsdl").to_str().unwrap())
                .replace(
                    "/etc/soapfig/mappings",
                    repo().join("mappings").to_str().unwrap(),
                )
                .replace("/etc/soapfig/routes/routes.toml", routes.to_str().unwrap()),
        );
    }
    out
}

#[test]
fn the_image_and_the_deployment_start_the_facade_as_they_say() {
    let dir = scratch("deploy");
    let routes = dir.join("routes.toml");
    std::fs::write(&routes, configmap_table()).unwrap();
    for args in [image_args(), deployment_args()] {
        let args = here(&args, &routes);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_facade, base, log) = start_logged(None, &args, &[]);
        let (status, body) = get_body(&base, "/readyz");
        assert_eq!(status, 200, "{body}");
        let (status, body) = get_body(&base, "/customers/3");
        assert_eq!(status, 200, "{body}");
        let lines = log.lock().unwrap().clone();
        assert!(
            lines.iter().all(|l| l.starts_with('{')),
            "JSON logs: {lines:?}"
        );
        if args.iter().any(|a| a.starts_with("--routes")) {
            assert!(
                lines.iter().any(|l| l.contains("route table loaded")),
                "{lines:?}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
