//! Charts as data (exact values) and their layout as drawing primitives.
//!
//! The layout is shared by the SVG (HTML) and PDF renderers, so both draw the same picture;
//! Word gets native DrawingML charts built from the same data (`docx::chart_xml`). Geometry
//! uses `f64` for coordinates only; values stay `Decimal` until they become a bar height.

// Geometry (points on a page, chart coordinates) is f64; money never is: values arrive as
// Decimal and become f64 only as a bar length or a position.
#![allow(clippy::float_arithmetic)]

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// An RGB colour.
pub type Rgb = (u8, u8, u8);

pub const BLUE: Rgb = (0x2f, 0x5d, 0x9e);
pub const GREY: Rgb = (0xa6, 0xa6, 0xa6);
pub const RED: Rgb = (0xc0, 0x39, 0x2b);
pub const PALETTE: [Rgb; 5] = [
    (0x2f, 0x5d, 0x9e),
    (0xe0, 0x8e, 0x2b),
    (0x4e, 0x9a, 0x5b),
    (0x8e, 0x5b, 0xa8),
    (0xa6, 0xa6, 0xa6),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars, one group per category, one bar per series.
    Bars,
    /// One horizontal bar per category, split into series as shares of 100%.
    StackedShare,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<Decimal>>,
    pub color: Rgb,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: String,
    /// Caption, numbered "图1 …" when the document is assembled.
    pub title: String,
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Unit of the values ("%", "分", "万元").
    pub unit: String,
    /// Value labels, parallel to `series[i].values` (already formatted).
    pub labels: Vec<Vec<String>>,
}

impl Chart {
    /// No value at all: the chart is left out.
    pub fn is_empty(&self) -> bool {
        self.series
            .iter()
            .all(|s| s.values.iter().all(|v| v.is_none()))
    }
}

/// Text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A drawing primitive; origin top-left, y down, units are points.
#[derive(Debug, Clone, PartialEq)]
pub enum Prim {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Rgb,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        color: Rgb,
        width: f64,
        dashed: bool,
    },
    Text {
        x: f64,
        y: f64,
        size: f64,
        text: String,
        anchor: Anchor,
        color: Rgb,
    },
}

/// Rough advance of a string in ems (CJK 1, others 0.55): used to place legends.
pub fn text_em(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) < 0x2E80 { 0.55 } else { 1.0 })
        .sum()
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A "nice" axis maximum ≥ `max`.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * mag >= max {
            return step * mag;
        }
    }
    10.0 * mag
}

const TEXT: Rgb = (0x33, 0x33, 0x33);
const AXIS: Rgb = (0x66, 0x66, 0x66);
const GRID: Rgb = (0xdd, 0xdd, 0xdd);

/// Lay the chart out in a `w` × `h` box.
pub fn layout(chart: &Chart, w: f64, h: f64) -> Vec<Prim> {
    match chart.kind {
        ChartKind::Bars => layout_bars(chart, w, h),
        ChartKind::StackedShare => layout_share(chart, w, h),
    }
}

fn legend(chart: &Chart, w: f64, y: f64, size: f64, out: &mut Vec<Prim>) {
    let total: f64 = chart
        .series
        .iter()
        .map(|s| text_em(&s.name) * size + size * 2.2)
        .sum();
    let mut x = ((w - total) / 2.0).max(0.0);
    for s in &chart.series {
        out.push(Prim::Rect {
            x,
            y: y - size * 0.8,
            w: size * 0.9,
            h: size * 0.9,
            fill: s.color,
        });
        out.push(Prim::Text {
            x: x + size * 1.2,
            y,
            size,
            text: s.name.clone(),
            anchor: Anchor::Start,
            color: TEXT,
        });
        x += text_em(&s.name) * size + size * 2.2;
    }
}

fn layout_bars(chart: &Chart, w: f64, h: f64) -> Vec<Prim> {
    let mut out = Vec::new();
    let size = 9.0;
    let left = 40.0;
    let right = 10.0;
    let top = 22.0;
    let bottom = 36.0;
    let plot_w = (w - left - right).max(10.0);
    let plot_h = (h - top - bottom).max(10.0);
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .map(|d| f(*d))
        .fold(0.0f64, f64::max);
    let axis_max = nice_max(max * 1.08);
    let y_of = |v: f64| top + plot_h - (v / axis_max) * plot_h;
    // grid and axis labels
    for i in 0..=4 {
        let v = axis_max * f64::from(i) / 4.0;
        let y = y_of(v);
        out.push(Prim::Line {
            x1: left,
            y1: y,
            x2: left + plot_w,
            y2: y,
            color: if i == 0 { AXIS } else { GRID },
            width: if i == 0 { 0.8 } else { 0.5 },
            dashed: false,
        });
        let label = if v.fract().abs() < 1e-9 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        };
        out.push(Prim::Text {
            x: left - 4.0,
            y: y + size * 0.35,
            size: size * 0.9,
            text: label,
            anchor: Anchor::End,
            color: AXIS,
        });
    }
    out.push(Prim::Text {
        x: left - 4.0,
        y: top - 8.0,
        size: size * 0.9,
        text: chart.unit.clone(),
        anchor: Anchor::End,
        color: AXIS,
    });
    let n = chart.categories.len().max(1) as f64;
    let group_w = plot_w / n;
    let ns = chart.series.len().max(1) as f64;
    let bar_w = (group_w * 0.7 / ns).min(36.0);
    for (ci, cat) in chart.categories.iter().enumerate() {
        let gx = left + group_w * ci as f64;
        let start = gx + (group_w - bar_w * ns) / 2.0;
        for (si, s) in chart.series.iter().enumerate() {
            let Some(Some(v)) = s.values.get(ci) else {
                continue;
            };
            let v = f(*v).max(0.0);
            let x = start + bar_w * si as f64;
            let y = y_of(v);
            out.push(Prim::Rect {
                x,
                y,
                w: bar_w * 0.92,
                h: (top + plot_h - y).max(0.0),
                fill: s.color,
            });
            if let Some(label) = chart.labels.get(si).and_then(|l| l.get(ci)) {
                out.push(Prim::Text {
                    x: x + bar_w * 0.46,
                    y: y - 2.5,
                    size: size * 0.8,
                    text: label.clone(),
                    anchor: Anchor::Middle,
                    color: TEXT,
                });
            }
        }
        out.push(Prim::Text {
            x: gx + group_w / 2.0,
            y: top + plot_h + size + 3.0,
            size,
            text: cat.clone(),
            anchor: Anchor::Middle,
            color: TEXT,
        });
    }
    legend(chart, w, h - 3.0, size, &mut out);
    out
}

fn layout_share(chart: &Chart, w: f64, h: f64) -> Vec<Prim> {
    let mut out = Vec::new();
    let size = 9.0;
    let left = 70.0;
    let right = 10.0;
    let plot_w = (w - left - right).max(10.0);
    let rows = chart.categories.len().max(1) as f64;
    let top = 10.0;
    let row_h = ((h - top - 40.0) / rows).max(12.0);
    for (ci, cat) in chart.categories.iter().enumerate() {
        let y = top + row_h * ci as f64;
        let total: f64 = chart
            .series
            .iter()
            .filter_map(|s| s.values.get(ci).copied().flatten())
            .map(|d| f(d).max(0.0))
            .sum();
        out.push(Prim::Text {
            x: left - 6.0,
            y: y + row_h * 0.5 + size * 0.35,
            size,
            text: cat.clone(),
            anchor: Anchor::End,
            color: TEXT,
        });
        if total <= 0.0 {
            continue;
        }
        let mut x = left;
        for (si, s) in chart.series.iter().enumerate() {
            let Some(Some(v)) = s.values.get(ci) else {
                continue;
            };
            let bw = f(*v).max(0.0) / total * plot_w;
            out.push(Prim::Rect {
                x,
                y: y + row_h * 0.15,
                w: bw,
                h: row_h * 0.7,
                fill: s.color,
            });
            if let Some(label) = chart.labels.get(si).and_then(|l| l.get(ci)) {
                if text_em(label) * size * 0.85 < bw - 2.0 {
                    out.push(Prim::Text {
                        x: x + bw / 2.0,
                        y: y + row_h * 0.5 + size * 0.3,
                        size: size * 0.85,
                        text: label.clone(),
                        anchor: Anchor::Middle,
                        color: (0xff, 0xff, 0xff),
                    });
                }
            }
            x += bw;
        }
    }
    legend(chart, w, h - 6.0, size, &mut out);
    out
}

/// Escape text for XML/SVG.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The chart as an SVG element (inline in HTML).
pub fn svg(chart: &Chart, w: f64, h: f64) -> String {
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-label=\"{}\" font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','SimHei',sans-serif\">",
        xml_escape(&chart.title)
    );
    for p in layout(chart, w, h) {
        match p {
            Prim::Rect { x, y, w, h, fill } => s.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{}\"/>",
                hex(fill)
            )),
            Prim::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
                dashed,
            } => s.push_str(&format!(
                "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{}\" stroke-width=\"{width}\"{}/>",
                hex(color),
                if dashed { " stroke-dasharray=\"3 2\"" } else { "" }
            )),
            Prim::Text {
                x,
                y,
                size,
                text,
                anchor,
                color,
            } => s.push_str(&format!(
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size:.1}\" text-anchor=\"{}\" fill=\"{}\">{}</text>",
                match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                },
                hex(color),
                xml_escape(&text)
            )),
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sample() -> Chart {
        Chart {
            id: "progress".into(),
            title: "支出进度".into(),
            kind: ChartKind::Bars,
            categories: vec!["第一季度".into(), "第二季度".into()],
            series: vec![Series {
                name: "支出进度".into(),
                values: vec![Some(dec!(26)), None],
                color: BLUE,
            }],
            unit: "%".into(),
            labels: vec![vec!["26%".into(), String::new()]],
        }
    }

    #[test]
    fn bars_stay_inside_the_box_and_skip_missing_values() {
        let prims = layout(&sample(), 400.0, 200.0);
        let rects: Vec<_> = prims
            .iter()
            .filter_map(|p| match p {
                Prim::Rect { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
                _ => None,
            })
            .collect();
        // one bar + one legend swatch: the missing value draws nothing
        assert_eq!(rects.len(), 2);
        for (x, y, w, h) in rects {
            assert!(x >= 0.0 && y >= 0.0 && x + w <= 400.0 && y + h <= 200.0);
        }
        let svg = svg(&sample(), 400.0, 200.0);
        assert!(svg.contains("第一季度") && svg.starts_with("<svg"));
    }

    #[test]
    fn nice_axis() {
        assert_eq!(nice_max(105.07), 120.0);
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(18.0), 20.0);
    }
}
