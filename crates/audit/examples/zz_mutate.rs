//! Throwaway mutation fuzz loop (deleted after use).
use std::panic;
fn main() {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    let mut texts = Vec::new();
    for d in &dirs {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                texts.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let pieces = [
        "|",
        " | ",
        "\n",
        "第 3 页 共 9 页\n",
        "增加到",
        "12021年",
        "（",
        "）",
        "，（",
        "中，",
        "包括：\n1.",
        "2.",
        "即：",
        "、",
        "截至2021年12月31日",
        "（2021年度）",
        "由上年的",
        "各增加",
        "％",
        "．",
        "年末",
        "前完成",
        "占",
        "%",
        "万元",
        "0",
        "9",
        "。",
    ];
    let mut seed: u64 = 0x9E3779B97F4A7C15;
    let mut rnd = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut n = 0u64;
    let start = std::time::Instant::now();
    while start.elapsed().as_secs() < 150 {
        let t = &texts[(rnd() as usize) % texts.len()];
        let mut s: Vec<char> = t.chars().collect();
        for _ in 0..(1 + rnd() % 8) {
            if s.is_empty() {
                break;
            }
            let at = (rnd() as usize) % s.len();
            match rnd() % 4 {
                0 => {
                    s.remove(at);
                }
                1 => {
                    let p = pieces[(rnd() as usize) % pieces.len()];
                    for (k, c) in p.chars().enumerate() {
                        s.insert(at + k, c);
                    }
                }
                2 => {
                    let len = ((rnd() as usize) % 40).min(s.len() - at);
                    s.drain(at..at + len);
                }
                _ => {
                    let b = (rnd() as usize) % s.len();
                    s.swap(at, b);
                }
            }
        }
        let m: String = s.into_iter().collect();
        let r =
            panic::catch_unwind(|| jixiao_audit::audit_text(&m, &jixiao_audit::Options::default()));
        if r.is_err() {
            std::fs::write(format!("/tmp/crash-{n}.txt"), &m).unwrap();
            eprintln!("PANIC saved /tmp/crash-{n}.txt");
            break;
        }
        n += 1;
    }
    println!("{n} texts, no panic");
}
