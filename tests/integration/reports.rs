//! The reports people hand on (`analyse --format html|markdown|csv|xlsx`): golden Markdown and
//! CSV of the sample, the workbook read back with calamine against the JSON, hostile document
//! text through every format, and the HTML report in headless Chromium (skipped, with a
//! message, where Chromium is not installed).

use crate::snapshots::snapshot;
use crate::util::{Scratch, parse_csv, run, sample, stderr, stdout};
use serde_json::Value as Json;
use std::path::Path;
use std::process::Command;

fn analyse(corpus: &str, args: &[&str]) -> std::process::Output {
    let mut a = vec!["analyse", corpus, "--no-cache"];
    a.extend_from_slice(args);
    run(&a, None)
}

fn ok(out: &std::process::Output) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
}

fn json_of(corpus: &str) -> Json {
    let out = analyse(corpus, &["--format", "json"]);
    ok(&out);
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn sample_arg() -> String {
    sample().to_str().unwrap().to_string()
}

/// The sample copied into a scratch folder, with hostile text in a document, in a heading, in
/// a file name and in the manifest's municipality name.
fn hostile_sample() -> Scratch {
    let s = Scratch::new("hostile");
    for e in std::fs::read_dir(sample()).unwrap().flatten() {
        std::fs::copy(e.path(), s.path().join(e.file_name())).unwrap();
    }
    let long_word = "ä".repeat(5000);
    let evil = format!(
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [avaa](javascript:alert(3)) \
         <a href=\"javascript:alert(4)\">linkki</a> </details> ]]> </td></tr></table> \
         \x1b[31mpunainen\x1b[0m | putki | *tähti* `koodi` \\ {long_word}"
    );
    let budget = s.path().join("05-talousarvio-2026.md");
    let mut text = std::fs::read_to_string(&budget).unwrap();
    text.push_str(&format!(
        "\n## Liikunta <script>alert(5)</script> | ]]>\n\nTavoitteena on, että kuntalaisten liikunta lisääntyy. Mittari: käyttökerrat. {evil}\n"
    ));
    std::fs::write(&budget, text).unwrap();
    std::fs::write(
        s.path().join("11-<img src=x onerror=alert(9)>.md"),
        format!("# Liikuntaraportti | {evil}\n\nKuntalaisten liikunta lisääntyy. {evil}\n"),
    )
    .unwrap();
    let manifest = s.path().join("linjaus.toml");
    let m = std::fs::read_to_string(&manifest).unwrap().replace(
        "municipality = \"Järvelä\"",
        "municipality = \"Järvelä </title><script>alert(6)</script>\"",
    );
    std::fs::write(&manifest, m).unwrap();
    s
}

/// The CSV tables of `corpus` (a scratch folder for the output), parsed, by file stem.
fn csv_tables(corpus: &str, out: &Scratch, lang: &str) -> Vec<(String, String, Vec<Vec<String>>)> {
    let dir = out.path().join(format!("csv-{lang}"));
    let o = analyse(
        corpus,
        &[
            "--format",
            "csv",
            "--lang",
            lang,
            "-o",
            dir.to_str().unwrap(),
        ],
    );
    ok(&o);
    ["cells", "dropoffs", "goals", "evidence"]
        .iter()
        .map(|t| {
            let text = std::fs::read_to_string(dir.join(format!("{t}.csv"))).unwrap();
            assert!(
                text.starts_with('\u{feff}'),
                "{t}.csv has no byte-order mark"
            );
            let rows = parse_csv(&text);
            let width = rows[0].len();
            for (i, r) in rows.iter().enumerate() {
                assert_eq!(r.len(), width, "{t}.csv row {i} has {} fields", r.len());
            }
            (t.to_string(), text, rows)
        })
        .collect()
}

/// What the JSON says the tables must hold: cells, drop-offs, goal rows, evidence units.
fn json_counts(j: &Json) -> [usize; 4] {
    let themes = j["themes"].as_array().unwrap();
    let cells = themes
        .iter()
        .map(|t| t["levels"].as_object().unwrap().len())
        .sum();
    let drops = themes.iter().filter(|t| !t["dropoff"].is_null()).count();
    let g = &j["goals"];
    let goals = g["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["trace"].as_array().unwrap().len())
        .sum::<usize>()
        + g["reported_without_plan"].as_array().unwrap().len()
        + g["planned_not_reported"].as_array().unwrap().len();
    let evidence = themes
        .iter()
        .flat_map(|t| t["levels"].as_object().unwrap().values())
        .map(|c| c["evidence"].as_array().map_or(0, Vec::len))
        .sum();
    [cells, drops, goals, evidence]
}

#[test]
fn markdown_and_csv_of_the_sample_match_their_snapshots() {
    let p = sample_arg();
    for lang in ["fi", "sv"] {
        let out = analyse(&p, &["--format", "markdown", "--lang", lang]);
        ok(&out);
        snapshot(&format!("analyse-jarvela-{lang}.md"), &stdout(&out));
    }
    let s = Scratch::new("csv-snap");
    for (t, text, _) in csv_tables(&p, &s, "fi") {
        snapshot(&format!("analyse-jarvela-csv/{t}.csv"), &text);
    }
}

#[test]
fn csv_tables_hold_the_rows_of_the_json_with_decimal_commas() {
    let p = sample_arg();
    let j = json_of(&p);
    let s = Scratch::new("csv-json");
    let tables = csv_tables(&p, &s, "en");
    for ((t, _, rows), want) in tables.iter().zip(json_counts(&j)) {
        assert_eq!(rows.len() - 1, want, "{t}.csv rows (header aside)");
    }
    // A cell's figures are the JSON's, with a decimal comma.
    let cells = &tables[0].2;
    let density = cells[0]
        .iter()
        .position(|h| h.starts_with("hits per"))
        .unwrap();
    // A budget cell with a fractional density (which theme has one depends on the lexicon).
    let theme = j["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["levels"]["budget"]["density_per_10k"]
                .as_f64()
                .is_some_and(|d| d.fract() != 0.0)
        })
        .expect("a fractional budget density");
    let cell = &theme["levels"]["budget"];
    let row = cells
        .iter()
        .find(|r| r[0] == theme["id"].as_str().unwrap() && r[2] == "budget")
        .unwrap();
    assert_eq!(row[4], cell["rung"].to_string());
    assert_eq!(
        row[density],
        cell["density_per_10k"].to_string().replace('.', ",")
    );
    assert!(
        row[density].contains(','),
        "a fractional density: {}",
        row[density]
    );
}

#[test]
fn csv_and_xlsx_need_a_target_and_refuse_a_terminal() {
    let p = sample_arg();
    let out = analyse(&p, &["--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-o FILE.xlsx"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let out = analyse(&p, &["--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-o FOLDER"), "{}", stderr(&out));
    let s = Scratch::new("csv-file");
    let f = s.path().join("taulukko.csv");
    let out = analyse(&p, &["--format", "csv", "-o", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!f.exists());
}

#[test]
fn the_workbook_holds_the_cells_of_the_json() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let p = sample_arg();
    let j = json_of(&p);
    let s = Scratch::new("xlsx");
    let file = s.path().join("raportti.xlsx");
    ok(&analyse(
        &p,
        &[
            "--format",
            "xlsx",
            "--lang",
            "sv",
            "-o",
            file.to_str().unwrap(),
        ],
    ));
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Celler", "Avbrott", "Mål", "Belägg"],
        "sheets named in the report language"
    );
    let counts = json_counts(&j);
    for (i, want) in counts.iter().enumerate() {
        let range = wb.worksheet_range_at(i).unwrap().unwrap();
        assert_eq!(range.height() - 1, *want, "sheet {i} rows (header aside)");
    }
    let cells = wb.worksheet_range_at(0).unwrap().unwrap();
    let mut seen = 0;
    for row in cells.rows().skip(1) {
        let (theme, level) = (row[0].to_string(), row[2].to_string());
        let cell = &j["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == theme.as_str())
            .unwrap()["levels"][level.as_str()];
        // Numbers are number cells, equal to the JSON's.
        let num = |d: &Data| match d {
            Data::Float(x) => *x,
            other => panic!("{theme}/{level}: not a number cell: {other:?}"),
        };
        assert_eq!(
            num(&row[4]),
            cell["rung"].as_f64().unwrap(),
            "{theme}/{level}"
        );
        assert_eq!(
            num(&row[6]),
            cell["score"].as_f64().unwrap(),
            "{theme}/{level}"
        );
        assert_eq!(
            num(&row[9]),
            cell["hits"].as_f64().unwrap(),
            "{theme}/{level}"
        );
        assert_eq!(
            num(&row[13]),
            cell["density_per_10k"].as_f64().unwrap(),
            "{theme}/{level}"
        );
        seen += 1;
    }
    assert_eq!(seen, counts[0]);
}

/// Tag names of an HTML text (lower case), and every attribute (name, quoted value) of its tags.
fn tags_and_attributes(html: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut tags = Vec::new();
    let mut attrs = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let inside = &rest[..end];
        let name: String = inside
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_lowercase();
        tags.push(name);
        // Attributes: a word followed by `=`, then the (quoted) value.
        let mut quote = None;
        let mut word = String::new();
        for c in inside.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => {
                    quote = None;
                    if let Some((_, v)) = attrs.last_mut() {
                        *v = std::mem::take(&mut word);
                    }
                }
                (Some(_), c) => word.push(c),
                (None, '"' | '\'') => quote = Some(c),
                (None, '=') => {
                    attrs.push((std::mem::take(&mut word).to_lowercase(), String::new()))
                }
                (None, c) if c.is_whitespace() => word.clear(),
                (None, c) => word.push(c),
            }
        }
    }
    (tags, attrs)
}

const ALLOWED_TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "h3",
    "section",
    "div",
    "b",
    "p",
    "ol",
    "ul",
    "li",
    "strong",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "small",
    "span",
    "figure",
    "svg",
    "text",
    "rect",
    "details",
    "summary",
    "blockquote",
    "mark",
    "footer",
];

fn assert_inert_html(html: &str) {
    let (tags, attrs) = tags_and_attributes(html);
    for t in &tags {
        assert!(
            ALLOWED_TAGS.contains(&t.as_str()),
            "tag <{t}> in the report"
        );
    }
    for (a, v) in &attrs {
        assert!(!a.starts_with("on"), "event attribute {a}");
        assert!(a != "src", "a src attribute");
        if a == "href" {
            assert!(v.starts_with('#'), "a link out of the page: {v}");
        }
    }
    let opens = tags.iter().filter(|t| *t == "details").count();
    assert_eq!(opens % 2, 0, "<details> opened and closed in pairs");
    assert!(!html.contains('\x1b'), "a raw escape code");
    assert!(!html.contains("<script") && !html.contains("<img"));
}

#[test]
fn hostile_document_text_stays_text_in_every_format() {
    let s = hostile_sample();
    let corpus = s.arg().to_string();
    let j = json_of(&corpus);
    // The hostile text reached the analysis (else this test would prove nothing).
    let json_text = j.to_string();
    assert!(
        json_text.contains("<script>alert(1)</script>"),
        "hostile text analysed"
    );
    assert!(json_text.contains("onerror=alert(9)"));

    let out = analyse(&corpus, &["--format", "html"]);
    ok(&out);
    let html = stdout(&out);
    assert_inert_html(&html);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
    assert!(html.contains("<title>linjaus — Järvelä &lt;/title&gt;&lt;script&gt;alert(6)"));

    let out = analyse(&corpus, &["--format", "markdown"]);
    ok(&out);
    let md = stdout(&out);
    assert!(!md.contains('\x1b'), "a raw escape code");
    // Every `<` of the document text is escaped (`\<` renders as text, never as a tag).
    let raw_lt = md
        .match_indices('<')
        .filter(|(i, _)| !md[..*i].ends_with('\\'))
        .count();
    assert_eq!(raw_lt, 0, "an unescaped < in the Markdown");
    assert!(
        md.contains("\\<script\\>alert(6)"),
        "the text is kept, escaped"
    );
    // Every table keeps one column count: count the unescaped `|` of each row.
    let pipes = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '|') => n += 1,
                _ => {}
            }
        }
        n
    };
    let mut tables = 0;
    let mut width = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = pipes(line);
            match width {
                None => {
                    width = Some(n);
                    tables += 1;
                }
                Some(w) => assert_eq!(
                    n,
                    w,
                    "a table row of another width: {}",
                    &line[..80.min(line.len())]
                ),
            }
        } else {
            assert!(!line.contains("| ---"), "a table split: {line}");
            width = None;
        }
    }
    assert!(tables >= 3, "summary, heatmap and goal tables");

    let tables = csv_tables(&corpus, &s, "fi");
    for ((t, text, rows), want) in tables.iter().zip(json_counts(&j)) {
        assert_eq!(rows.len() - 1, want, "{t}.csv rows");
        assert!(!text.contains('\x1b'), "{t}.csv has a raw escape code");
    }
    assert!(
        tables[3].1.contains("<script>alert(1)</script>"),
        "evidence keeps the text"
    );
}

// ---- Chromium ----

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// Run headless Chromium on `page` with `args`; stdout, stderr and the net log.
fn headless(browser: &str, dir: &Path, page: &Path, args: &[&str]) -> (String, String, Json) {
    let netlog = dir.join("net.json");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let log = std::fs::read_to_string(&netlog).unwrap_or_default();
    // The log may end without its closing brackets when the browser exits.
    let log = serde_json::from_str(&log)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", log.trim_end().trim_end_matches(','))))
        .unwrap_or(Json::Null);
    (stdout_of(&out.stdout), stdout_of(&out.stderr), log)
}

fn stdout_of(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Requests the page made (the browser's own, "not an origin", are not the page's).
fn page_requests(log: &Json) -> Vec<String> {
    log["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let p = &e["params"];
            let initiator = p["initiator"].as_str()?;
            (initiator != "not an origin").then(|| format!("{initiator} → {}", p["url"]))
        })
        .collect()
}

/// Console messages (CSP violations, script errors) in Chromium's log.
fn console(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// Decode an 8-bit RGB or RGBA, non-interlaced PNG: (width, height, RGB pixels).
fn decode_png(bytes: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    use std::io::Read;
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let (mut w, mut h, mut channels) = (0, 0, 0);
    let mut idat = Vec::new();
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let kind = &bytes[at + 4..at + 8];
        let data = &bytes[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(data[0..4].try_into().unwrap()) as usize;
                h = u32::from_be_bytes(data[4..8].try_into().unwrap()) as usize;
                assert_eq!(data[8], 8, "8-bit");
                channels = match data[9] {
                    2 => 3,
                    6 => 4,
                    t => panic!("colour type {t}"),
                };
                assert_eq!(data[12], 0, "not interlaced");
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = w * channels;
    let mut prev = vec![0u8; stride];
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let (filter, src) = (line[0], &line[1..]);
        let mut cur = vec![0u8; stride];
        for x in 0..stride {
            let a = if x >= channels { cur[x - channels] } else { 0 };
            let b = prev[x];
            let c = if x >= channels { prev[x - channels] } else { 0 };
            let pred = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("filter {f}"),
            };
            cur[x] = src[x].wrapping_add(pred);
        }
        for px in cur.chunks(channels) {
            pixels.push([px[0], px[1], px[2]]);
        }
        prev = cur;
    }
    (w, h, pixels)
}

fn rgb(hex: &str) -> [u8; 3] {
    let c = |i: usize| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap();
    [c(0), c(1), c(2)]
}

#[test]
fn the_html_report_renders_in_chromium_without_errors_or_requests() {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED the_html_report_renders_in_chromium: no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it when it can)"
        );
        return;
    };
    let s = Scratch::new("chromium");
    let out = analyse(&sample_arg(), &["--format", "html"]);
    ok(&out);
    // Open the first evidence block, as a reader clicking a heatmap cell would.
    let html = stdout(&out).replacen("class=\"ev\">", "class=\"ev\" open>", 1);
    let page = s.write("raportti.html", &html);

    let shot = s.path().join("shot.png");
    let (_, err, log) = headless(
        browser,
        s.path(),
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,12000",
        ],
    );
    assert_eq!(console(&err), Vec::<&str>::new(), "console messages");
    assert_eq!(
        page_requests(&log),
        Vec::<String>::new(),
        "network requests of the page"
    );
    let (w, h, pixels) = decode_png(&std::fs::read(&shot).expect("a screenshot"));
    assert_eq!((w, h), (1280, 12000));
    let count = |hex: &str| pixels.iter().filter(|p| **p == rgb(hex)).count();
    // The heatmap: cells of R8 and R6 in the scale's colours; the drop-off frame in orange.
    let r8 = count(linjaus::report::html::RUNG_COLOURS[8]);
    let r6 = count(linjaus::report::html::RUNG_COLOURS[6]);
    assert!(
        r8 > 500 && r6 > 500,
        "heatmap visible: {r8} R8 and {r6} R6 pixels"
    );
    assert!(count("#d94801") > 100, "drop-off frames visible");
    // The opened evidence block: its matched words on the mark colour.
    assert!(
        count("#ffe08a") > 200,
        "marked words of an opened evidence block visible"
    );

    // With every block closed no marked word shows: the pixels above are the opened block's.
    let closed = s.write("closed.html", stdout(&out));
    let shot2 = s.path().join("closed.png");
    headless(
        browser,
        s.path(),
        &closed,
        &[
            &format!("--screenshot={}", shot2.display()),
            "--window-size=1280,12000",
        ],
    );
    let (_, _, pixels) = decode_png(&std::fs::read(&shot2).expect("a screenshot"));
    assert_eq!(pixels.iter().filter(|p| **p == rgb("#ffe08a")).count(), 0);

    let (dom, err, log) = headless(browser, s.path(), &page, &["--dump-dom"]);
    assert!(console(&err).is_empty() && page_requests(&log).is_empty());
    assert!(
        dom.contains("class=\"heat\"")
            && dom.contains("<details id=\"e0-hvk\" class=\"ev\" open=\"\">")
    );
}

#[test]
fn hostile_text_runs_nothing_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED hostile_text_runs_nothing_in_chromium: no chromium on PATH (Debian: apt-get install chromium)"
        );
        return;
    };
    let corpus = hostile_sample();
    let out = analyse(corpus.arg(), &["--format", "html"]);
    ok(&out);
    let s = Scratch::new("chromium-hostile");
    let page = s.write("raportti.html", stdout(&out));
    let (dom, err, log) = headless(browser, s.path(), &page, &["--dump-dom"]);
    assert_eq!(console(&err), Vec::<&str>::new(), "console messages");
    assert_eq!(
        page_requests(&log),
        Vec::<String>::new(),
        "network requests"
    );
    // The DOM Chromium built has the report's elements only, and the title is the text.
    assert_inert_html(&dom);
    let title = dom
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert_eq!(
        title,
        "linjaus — Järvelä &lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt; (2025–2028)"
    );
}

#[test]
fn html_summary_and_funnel_of_the_sample() {
    let out = analyse(&sample_arg(), &["--format", "html", "--lang", "en"]);
    ok(&out);
    let html = stdout(&out);
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ));
    // The most serious drop-off first: a theme lost at the strategy, the earliest level.
    let serious = html
        .split("<ol>")
        .nth(1)
        .unwrap()
        .split("</ol>")
        .next()
        .unwrap();
    let first = serious.lines().find(|l| l.starts_with("<li>")).unwrap();
    assert!(
        first.contains("Substance use") && first.contains("Strategy"),
        "{first}"
    );
    assert_eq!(serious.matches("<li>").count(), 5);
    // The theme funnel: 8 traced, 7 past the strategy, 1 reaches the evaluation report.
    let label = |level: &str, n: &str| {
        let at = html
            .find(&format!(">{level}</text>"))
            .unwrap_or_else(|| panic!("{level}"));
        assert!(
            html[at..]
                .split("</text>")
                .nth(1)
                .unwrap()
                .ends_with(&format!(">{n}")),
            "{level} {n}"
        );
    };
    label("Welfare report", "8/8");
    label("Strategy", "7/8");
    label("Evaluation report", "1/8");
    // Every heatmap cell links to an evidence block that exists.
    for id in html
        .split("href=\"#")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
    {
        assert!(
            html.contains(&format!("<details id=\"{id}\"")),
            "no evidence block {id}"
        );
    }
}
