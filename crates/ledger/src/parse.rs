//! One voucher's fields → what the aggregation needs: the fingerprint of its 凭证号, the
//! month, the net amount in 分 (exact integers, parsed from the decimal text — never
//! through binary floating point), or why the row is bad.
//!
//! Works on bytes in the file's encoding: UTF-8 and GBK both keep ASCII bytes (digits,
//! separators, the delimiter, quotes) as themselves — GBK's second bytes are 0x40 and above —
//! so only the Chinese words compared here (是, 退回, 合计…) are stored in both encodings.

use jixiao_model::monitoring::days_in_month;

use crate::header::{Column, COLUMNS};

/// The encodings a CSV may come in; UTF-16 is transcoded to UTF-8 on reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "GBK")]
    Gbk,
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// The encoding of the bytes the parser sees (UTF-16 arrives transcoded).
    pub(crate) fn parsed(self) -> Encoding {
        match self {
            Encoding::Gbk => Encoding::Gbk,
            _ => Encoding::Utf8,
        }
    }

    /// Text of bytes in this (parsed) encoding, lossy.
    pub fn decode(self, bytes: &[u8]) -> String {
        match self.parsed() {
            Encoding::Gbk => encoding_rs::GB18030
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            _ => String::from_utf8_lossy(bytes).into_owned(),
        }
    }

    /// `text` in this (parsed) encoding.
    pub(crate) fn encode(self, text: &str) -> Vec<u8> {
        match self.parsed() {
            Encoding::Gbk => encoding_rs::GB18030.encode(text).0.into_owned(),
            _ => text.as_bytes().to_vec(),
        }
    }
}

/// Words compared in the file's encoding.
pub(crate) struct Words {
    refund_yes: Vec<Vec<u8>>,
    refund_no: Vec<Vec<u8>>,
    summary: Vec<Vec<u8>>,
    currency: Vec<Vec<u8>>,
    yuan: Vec<u8>,
}

impl Words {
    pub(crate) fn new(enc: Encoding) -> Words {
        let all = |ws: &[&str]| ws.iter().map(|w| enc.encode(w)).collect::<Vec<_>>();
        Words {
            refund_yes: all(&[
                "是",
                "退回",
                "退款",
                "已退回",
                "Y",
                "y",
                "1",
                "true",
                "TRUE",
                "True",
                "T",
            ]),
            refund_no: all(&["否", "正常", "N", "n", "0", "false", "FALSE", "False", "F"]),
            summary: all(&["合计", "总计", "小计", "本页合计"]),
            currency: all(&["¥", "￥"]),
            yuan: enc.encode("元"),
        }
    }

    pub(crate) fn is_summary(&self, field: &[u8]) -> bool {
        let f = trim(field);
        self.summary.iter().any(|w| w.as_slice() == f)
    }
}

/// Strip ASCII spaces and tabs around a field.
pub(crate) fn trim(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t' | b'\r', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t' | b'\r'] = s {
        s = rest;
    }
    s
}

/// An amount as written (元 with `scale` 2, 万元 with `scale` 6) → integer 分.
///
/// Accepts `12345.67`, `-100`, `+5.5`, `1,234.56`, `(1,234.56)` (negative), a leading ¥/￥
/// and a trailing 元. Refuses more decimals than `scale` unless the extra ones are zeros
/// (`12.500` is 12.50 元; `12.505` is not an amount to the 分), and anything else.
pub(crate) fn parse_amount(field: &[u8], scale: u32, words: &Words) -> Result<i64, &'static str> {
    let mut s = trim(field);
    if s.is_empty() {
        return Err("金额为空");
    }
    let mut negative = false;
    if let [b'(', inner @ .., b')'] = s {
        negative = true;
        s = trim(inner);
    }
    match s.first() {
        Some(b'-') => {
            negative = !negative;
            s = &s[1..];
        }
        Some(b'+') => s = &s[1..],
        _ => {}
    }
    for c in &words.currency {
        if let Some(rest) = s.strip_prefix(c.as_slice()) {
            s = rest;
        }
    }
    if let Some(rest) = s.strip_suffix(words.yuan.as_slice()) {
        s = trim(rest);
    }
    let mut value: i64 = 0;
    let mut digits = 0u32;
    let mut decimals: Option<u32> = None;
    let mut last_was_comma = false;
    for &b in s {
        match b {
            b'0'..=b'9' => {
                last_was_comma = false;
                match decimals {
                    Some(d) if d >= scale => {
                        if b != b'0' {
                            return Err("金额的小数位超过分");
                        }
                        continue;
                    }
                    Some(d) => decimals = Some(d + 1),
                    None => {}
                }
                digits += 1;
                value = value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i64::from(b - b'0')))
                    .ok_or("金额超出范围")?;
            }
            b',' if decimals.is_none() && digits > 0 && !last_was_comma => last_was_comma = true,
            b'.' if decimals.is_none() && !last_was_comma => decimals = Some(0),
            _ => return Err("金额不是数字"),
        }
    }
    if digits == 0 || last_was_comma {
        return Err("金额不是数字");
    }
    let pad = scale - decimals.unwrap_or(0).min(scale);
    value = value.checked_mul(10i64.pow(pad)).ok_or("金额超出范围")?;
    // 10^15 分 is ten trillion yuan: anything above is a corrupt field, not a payment.
    if value > 1_000_000_000_000_000 {
        return Err("金额超出范围");
    }
    Ok(if negative { -value } else { value })
}

/// A date as written: `2025-07-31`, `2025/7/31`, `2025.07.31`, `20250731`, `2025年7月31日`,
/// any of them followed by a time. Returns (year, month, day).
pub(crate) fn parse_date(field: &[u8]) -> Option<(i32, u8, u8)> {
    let s = trim(field);
    let mut runs = [(0usize, 0usize); 3];
    let mut n = 0;
    let mut i = 0;
    while i < s.len() && n < 3 {
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        runs[n] = (start, i);
        n += 1;
        if n == 1 && i - start == 8 {
            break;
        }
        if n == 3 {
            break;
        }
        // a separator: one of '-', '/', '.', or a Chinese 年/月 (2 bytes in GBK, 3 in UTF-8)
        match s.get(i) {
            Some(b'-' | b'/' | b'.') => i += 1,
            Some(&b) if b >= 0x80 => {
                let sep_start = i;
                while i < s.len() && s[i] >= 0x80 && i - sep_start < 3 {
                    i += 1;
                }
            }
            _ => return None,
        }
        if i >= s.len() {
            return None;
        }
    }
    let num = |(a, b): (usize, usize)| -> Option<u32> {
        let mut v = 0u32;
        for &c in &s[a..b] {
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    let (y, m, d) = match n {
        1 if runs[0].1 - runs[0].0 == 8 => {
            let (a, _) = runs[0];
            (num((a, a + 4))?, num((a + 4, a + 6))?, num((a + 6, a + 8))?)
        }
        3 => {
            if runs[0].1 - runs[0].0 != 4 || runs[1].1 - runs[1].0 > 2 || runs[2].1 - runs[2].0 > 2
            {
                return None;
            }
            (num(runs[0])?, num(runs[1])?, num(runs[2])?)
        }
        _ => return None,
    };
    // What follows the day may only be a time, a 日, or nothing.
    let rest = &s[runs[n - 1].1..];
    let rest_ok = rest.is_empty() || rest[0] == b' ' || rest[0] == b'T' || rest[0] >= 0x80;
    if !rest_ok {
        return None;
    }
    let (y, m, d) = (
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    );
    if !(1900..=2999).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some((y, m, d))
}

/// 退回标志 → whether the row is a refund; `Err` for a value that is neither.
pub(crate) fn parse_refund(field: &[u8], words: &Words) -> Result<bool, ()> {
    let f = trim(field);
    if f.is_empty() {
        return Ok(false);
    }
    if words.refund_yes.iter().any(|w| w.as_slice() == f) {
        return Ok(true);
    }
    if words.refund_no.iter().any(|w| w.as_slice() == f) {
        return Ok(false);
    }
    Err(())
}

/// The fields of one row by known column (empty when the file has no such column).
pub(crate) type Slots<'a> = [&'a [u8]; COLUMNS];

/// A row that passed: what the aggregation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Voucher {
    /// Fingerprint of (凭证号, refund or payment): a refund may carry its payment's number.
    pub fp: u64,
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// Net amount in 分: refunds negative.
    pub cents: i64,
}

/// XORed into a refund's fingerprint (the 64-bit golden ratio).
const REFUND_MARK: u64 = 0x9e37_79b9_7f4a_7c15;

/// What one row is.
pub(crate) enum Row {
    Voucher(Voucher),
    /// An empty line or a row of empty fields.
    Blank,
    /// A 合计/总计 row at the end of an export.
    Summary,
    Bad(String),
}

/// Parse the known fields of a row.
pub(crate) fn row(slots: &Slots<'_>, amount_scale: u32, words: &Words, any_field: bool) -> Row {
    let voucher = trim(slots[Column::VoucherNo.index()]);
    if !any_field {
        return Row::Blank;
    }
    if words.is_summary(voucher)
        || words.is_summary(slots[Column::UnitCode.index()])
        || words.is_summary(slots[Column::UnitName.index()])
    {
        return Row::Summary;
    }
    let mut problems: Vec<&str> = Vec::new();
    if voucher.is_empty() {
        problems.push("凭证号为空");
    }
    let date = parse_date(slots[Column::PayDate.index()]);
    if date.is_none() {
        problems.push(if trim(slots[Column::PayDate.index()]).is_empty() {
            "支付日期为空"
        } else {
            "支付日期无法识别"
        });
    }
    let amount = parse_amount(slots[Column::Amount.index()], amount_scale, words);
    if let Err(e) = amount {
        problems.push(e);
    }
    let refund = parse_refund(slots[Column::RefundFlag.index()], words);
    if refund.is_err() {
        problems.push("退回标志无法识别（应为 是/否）");
    }
    if trim(slots[Column::UnitCode.index()]).is_empty()
        && trim(slots[Column::UnitName.index()]).is_empty()
    {
        problems.push("单位为空");
    }
    if !problems.is_empty() {
        return Row::Bad(problems.join("；"));
    }
    let (year, month, day) = date.unwrap_or((0, 1, 1));
    let amount = amount.unwrap_or(0);
    let refund = refund.unwrap_or(false);
    let cents = if refund { -amount.abs() } else { amount };
    // A refund is keyed apart from a payment with the same number. Not by hashing with seed 0
    // or 1: for short inputs xxh3's seed is added to a key that is XORed with the input, so
    // seeds differing by one collide for inputs differing in low bits ("V52"/"V55" did).
    let h = xxhash_rust::xxh3::xxh3_64(voucher);
    let fp = if cents < 0 { h ^ REFUND_MARK } else { h };
    Row::Voucher(Voucher {
        fp,
        year,
        month,
        day,
        cents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_to_the_fen() {
        let w = Words::new(Encoding::Utf8);
        let a = |s: &str| parse_amount(s.as_bytes(), 2, &w);
        assert_eq!(a("12345.67"), Ok(1_234_567));
        assert_eq!(a("-100"), Ok(-10_000));
        assert_eq!(a("+5.5"), Ok(550));
        assert_eq!(a(" 1,234.56 "), Ok(123_456));
        assert_eq!(a("(1,234.56)"), Ok(-123_456));
        assert_eq!(a("￥88.00元"), Ok(8_800));
        assert_eq!(a("12.500"), Ok(1_250));
        assert_eq!(a("0.01"), Ok(1));
        assert!(a("12.505").is_err());
        for bad in [
            "", "abc", "1..2", "1,", ",1", "1,,2", "1.2.3", "1e5", "--1", "12 34",
        ] {
            assert!(a(bad).is_err(), "{bad}");
        }
        assert!(a("99999999999999999999").is_err());
        // 万元 columns keep six places: 1.234567 万元 = 12345.67 元
        assert_eq!(parse_amount(b"1.234567", 6, &w), Ok(1_234_567));
        let g = Words::new(Encoding::Gbk);
        assert_eq!(
            parse_amount(&Encoding::Gbk.encode("88元"), 2, &g),
            Ok(8_800)
        );
    }

    #[test]
    fn dates_in_the_forms_exports_use() {
        for (s, want) in [
            ("2025-07-31", (2025, 7, 31)),
            ("2025/7/1", (2025, 7, 1)),
            ("2025.07.01", (2025, 7, 1)),
            ("20250731", (2025, 7, 31)),
            ("2025-07-31 10:22:33", (2025, 7, 31)),
            ("2025-07-31T10:22:33", (2025, 7, 31)),
            ("2025年7月31日", (2025, 7, 31)),
            ("2024-02-29", (2024, 2, 29)),
        ] {
            assert_eq!(parse_date(s.as_bytes()), Some(want), "{s}");
        }
        assert_eq!(
            parse_date(&Encoding::Gbk.encode("2025年7月31日")),
            Some((2025, 7, 31))
        );
        for bad in [
            "",
            "2025-02-29",
            "2025-13-01",
            "2025-7",
            "25-7-31",
            "abc",
            "2025-07-31x",
            "45473",
            "2025--07-31",
        ] {
            assert_eq!(parse_date(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn refund_flags() {
        let w = Words::new(Encoding::Utf8);
        assert_eq!(parse_refund("是".as_bytes(), &w), Ok(true));
        assert_eq!(parse_refund(b" N ", &w), Ok(false));
        assert_eq!(parse_refund(b"", &w), Ok(false));
        assert!(parse_refund("也许".as_bytes(), &w).is_err());
    }
}
