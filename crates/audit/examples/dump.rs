//! Print what the extractor finds in a text file (debugging aid).
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = if path == "-" || path.is_empty() {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).unwrap_or_default();
        s
    } else {
        std::fs::read_to_string(&path).unwrap_or_default()
    };
    let n = jixiao_audit::normalize::normalize(&text);
    let ex = jixiao_audit::extract::extract(&n.text);
    if std::env::var("SHOW_TEXT").is_ok() {
        println!("{}", n.text);
    }
    for (i, q) in ex.quantities.iter().enumerate() {
        println!(
            "q{i} s{} d{} {}{} [{}] label={:?} core={:?} stage={:?}/{:?} part={} approx={} {:?}",
            q.sentence,
            q.depth,
            q.value,
            q.measure,
            q.scale,
            q.label,
            q.core,
            q.stage,
            q.context_stage,
            q.is_part,
            q.approx,
            (q.period, q.scope, q.fund, q.section_year)
        );
    }
    for r in &ex.relations {
        println!(
            "rel {:?} via {} total=q{} parts={:?}",
            r.kind, r.via, r.total, r.parts
        );
    }
    for r in &ex.rates {
        println!(
            "rate q{} {:?} of=q{} delta={:?} base={:?} base_value={:?} from={:?} alt={:?} words={:?}",
            r.rate, r.kind, r.of, r.delta, r.base, r.base_value, r.base_from, r.alternatives, r.base_words
        );
    }
    for t in &ex.sheet_totals {
        println!(
            "total weight={:?} score=q{} rows={:?}",
            t.weight, t.score, t.rows
        );
    }
    for r in &ex.score_rows {
        println!(
            "score row t=q{} a=q{} w=q{} s=q{}",
            r.target, r.actual, r.weight, r.score
        );
    }
    for b in &ex.budget_rows {
        println!(
            "budget row w=q{} s=q{} own={:?}",
            b.weight, b.score, b.own_funds
        );
    }
    for h in &ex.headings {
        println!("heading {:?} {} L{}", h.style, h.value, h.level);
    }
    for e in &ex.enumerations {
        println!("enum {} items intro={:?}", e.markers.len(), e.intro);
    }
    let a = jixiao_audit::audit_text(&text, &Default::default());
    println!("year {:?}", a.report_year);
    print!(
        "{}",
        jixiao_audit::render::terminal(&path, &text, &a.diagnostics, false)
    );
}
