//! The HTML report rendered in headless Chromium: the page's text, its bars, and a screenshot whose
//! pixels show the bars in their grade colours. Needs Debian's chromium, which `scripts/test`
//! installs; run with `cargo test -p kaohe-cli --test report -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn out_dir() -> PathBuf {
    let dir = root().join("target/report-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn kaohe(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_kaohe")).args(args).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn chromium(args: &[&str], page: &Path) -> Vec<u8> {
    let profile = tempdir("profile");
    let out = Command::new(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()))
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs (scripts/test installs Debian's chromium)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// A fresh directory: each Chromium run needs a profile of its own.
fn tempdir(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("kaohe-report-{}-{name}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// How many pixels of the screenshot have exactly this colour.
fn pixels_of(png_path: &Path, hex: &str) -> usize {
    let rgb: Vec<u8> = (0..3).map(|i| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()).collect();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buffer).unwrap();
    let channels = info.color_type.samples();
    buffer[..info.buffer_size()].chunks(channels).filter(|p| p[..3] == rgb[..]).count()
}

fn render(name: &str, args: &[&str]) -> (String, PathBuf) {
    let html = out_dir().join(format!("{name}.html"));
    let mut all: Vec<&str> = args.to_vec();
    let html_arg = html.display().to_string();
    all.extend(["-o", &html_arg, "--force"]);
    kaohe(&all);
    let dom = String::from_utf8(chromium(&["--dump-dom"], &html)).unwrap();
    let shot = out_dir().join(format!("{name}.png"));
    chromium(&["--window-size=1200,1400", &format!("--screenshot={}", shot.display())], &html);
    (dom, shot)
}

#[test]
#[ignore = "needs chromium: run by scripts/test"]
fn the_ningbo_year_report_renders_with_its_bars() {
    let (dom, shot) = render(
        "ningbo-2026",
        &[
            "report",
            "ningbo/district",
            "examples/ningbo/2026-districts.csv",
            "--period-inputs",
            "examples/ningbo/2026-bonus.csv",
        ],
    );
    for text in
        ["年度排名 Ranking", "各项失分 Points lost by item", "月度走势 Month by month", "取消当年评优资格"]
    {
        assert!(dom.contains(text), "{text} missing from the rendered page");
    }
    for district in ["海曙区", "江北区", "镇海区", "北仑区", "鄞州区", "奉化区"] {
        assert!(dom.contains(&format!("data-unit=\"{district}\"")), "{district} has no bar");
    }
    assert_eq!(dom.matches("<g class=\"bar\"").count(), 6);
    assert_eq!(dom.matches("<polyline").count(), 6, "one monthly line per district");
    // Six bars of about 500 × 20 pixels in the ungraded colour.
    let bar_pixels = pixels_of(&shot, "#546e7a");
    assert!(bar_pixels > 6 * 400 * 15, "the bars are not visible: {bar_pixels} pixels");
}

#[test]
#[ignore = "needs chromium: run by scripts/test"]
fn the_composite_report_colours_bars_by_grade() {
    let (dom, shot) = render(
        "composite-2026",
        &["report", "templates/district-composite", "examples/templates/2026-composite.csv"],
    );
    assert_eq!(dom.matches("<g class=\"bar\"").count(), 25);
    for (grade, colour) in [("优秀", "#2e7d32"), ("良好", "#1565c0"), ("合格", "#f9a825")] {
        assert!(dom.contains(grade), "{grade}");
        let pixels = pixels_of(&shot, colour);
        assert!(pixels > 2_000, "{grade} bars ({colour}) not visible: {pixels} pixels");
    }
}
