//! JSON text → document tree, with the span of every key and value.
//!
//! A small recursive-descent reader (RFC 8259) because serde_json does not expose spans.
//! Numbers keep their text: integers become integers, anything with a fraction or exponent
//! is kept as written so the loader can refuse it with a precise message (decimals must be
//! strings in JSON input). Nesting is limited so hostile input cannot exhaust the stack.

use crate::tree::{Kind, Node, Span};

/// Deepest nesting accepted.
const MAX_DEPTH: usize = 128;

pub(crate) struct JsonError {
    pub message: String,
    pub message_en: String,
    pub span: Span,
}

/// A key that appeared twice in one object: the second is ignored and reported.
pub(crate) struct Duplicate {
    pub key: String,
    pub span: Span,
    pub first: Option<Span>,
}

pub(crate) fn read(text: &str, base: usize) -> Result<(Node, Vec<Duplicate>), JsonError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
        base,
        duplicates: Vec::new(),
    };
    p.ws();
    let root = p.value(0)?;
    p.ws();
    if p.pos < p.s.len() {
        return Err(p.err(
            "JSON 语法错误：值后面有多余的内容",
            "JSON syntax error: trailing characters after the value",
        ));
    }
    Ok((root, p.duplicates))
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    base: usize,
    duplicates: Vec<Duplicate>,
}

impl Parser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        start + self.base..end + self.base
    }

    fn err(&self, zh: &str, en: &str) -> JsonError {
        let end = self.next_char_end();
        JsonError {
            message: zh.to_string(),
            message_en: en.to_string(),
            span: self.span(self.pos, end),
        }
    }

    fn next_char_end(&self) -> usize {
        match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
            Some(c) => self.pos + c.len_utf8(),
            None => self.pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_byte(&mut self, b: u8, zh: &str, en: &str) -> Result<(), JsonError> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(zh, en))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("JSON 嵌套层数过多", "JSON nesting is too deep"));
        }
        let start = self.pos;
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node::new(Kind::Str(s), Some(self.span(start, self.pos))))
            }
            Some(b't') => self.literal("true", Kind::Bool(true)),
            Some(b'f') => self.literal("false", Kind::Bool(false)),
            Some(b'n') => self.literal("null", Kind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            None => Err(self.err(
                "JSON 语法错误：内容意外结束，应为一个值",
                "JSON syntax error: unexpected end of input, expected a value",
            )),
            Some(_) => Err(self.err(
                "JSON 语法错误：应为一个值（对象、数组、字符串、数字、true、false 或 null）",
                "JSON syntax error: expected a value (object, array, string, number, true, false or null)",
            )),
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Node, JsonError> {
        let start = self.pos;
        if self.s.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(Node::new(kind, Some(self.span(start, self.pos))))
        } else {
            Err(self.err(
                "JSON 语法错误：无法识别的值（字符串须加双引号）",
                "JSON syntax error: unrecognised value (strings need double quotes)",
            ))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Node, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let n = self.digits();
        if n == 0 {
            return Err(self.err(
                "JSON 语法错误：数字格式错误",
                "JSON syntax error: malformed number",
            ));
        }
        if n > 1 && self.s.get(int_start) == Some(&b'0') {
            self.pos = int_start;
            return Err(self.err(
                "JSON 语法错误：数字不能以 0 开头",
                "JSON syntax error: numbers must not have leading zeros",
            ));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err(
                    "JSON 语法错误：小数点后应有数字",
                    "JSON syntax error: expected digits after the decimal point",
                ));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err(
                    "JSON 语法错误：指数部分应有数字",
                    "JSON syntax error: expected digits in the exponent",
                ));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        let kind = if integer {
            if let Ok(i) = text.parse::<i64>() {
                Kind::Int(i)
            } else if let Ok(u) = text.parse::<u64>() {
                Kind::UInt(u)
            } else {
                Kind::Decimal(text.to_string())
            }
        } else {
            Kind::Decimal(text.to_string())
        };
        Ok(Node::new(kind, Some(self.span(start, self.pos))))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => {
                    return Err(self.err(
                        "JSON 语法错误：\\u 后应为 4 位十六进制数",
                        "JSON syntax error: expected 4 hex digits after \\u",
                    ))
                }
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        // at the opening quote
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                None => {
                    return Err(self.err(
                        "JSON 语法错误：字符串缺少结尾的双引号",
                        "JSON syntax error: unterminated string",
                    ))
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.peek();
                    self.pos += 1;
                    match c {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let ch = if (0xd800..0xdc00).contains(&hi) {
                                if self.s.get(self.pos..self.pos + 2) == Some(b"\\u") {
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if (0xdc00..0xe000).contains(&lo) {
                                        char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))
                                    } else {
                                        None
                                    }
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(ch.unwrap_or('\u{fffd}'));
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.err(
                                "JSON 语法错误：无效的转义字符",
                                "JSON syntax error: invalid escape",
                            ));
                        }
                    }
                }
                Some(_) => {
                    return Err(self.err(
                        "JSON 语法错误：字符串中不能有未转义的控制字符（换行请写 \\n）",
                        "JSON syntax error: unescaped control character in string (write \\n for a newline)",
                    ))
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Node::new(
                Kind::Array(items),
                Some(self.span(start, self.pos)),
            ));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Node::new(
                        Kind::Array(items),
                        Some(self.span(start, self.pos)),
                    ));
                }
                _ => {
                    return Err(self.err(
                        "JSON 语法错误：应为 `,` 或 `]`",
                        "JSON syntax error: expected `,` or `]`",
                    ))
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.pos;
        self.pos += 1;
        let mut entries: Vec<(String, Node)> = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Node::new(
                Kind::Table(entries),
                Some(self.span(start, self.pos)),
            ));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err(
                    "JSON 语法错误：应为带双引号的键名",
                    "JSON syntax error: expected a key in double quotes",
                ));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = self.span(key_start, self.pos);
            self.ws();
            self.expect_byte(
                b':',
                "JSON 语法错误：键名后应为 `:`",
                "JSON syntax error: expected `:` after the key",
            )?;
            self.ws();
            let mut node = self.value(depth + 1)?;
            node.key_span = Some(key_span.clone());
            if let Some((_, first)) = entries.iter().find(|(k, _)| *k == key) {
                self.duplicates.push(Duplicate {
                    key,
                    span: key_span,
                    first: first.key_span.clone(),
                });
            } else {
                entries.push((key, node));
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Node::new(
                        Kind::Table(entries),
                        Some(self.span(start, self.pos)),
                    ));
                }
                _ => {
                    return Err(self.err(
                        "JSON 语法错误：应为 `,` 或 `}`",
                        "JSON syntax error: expected `,` or `}`",
                    ))
                }
            }
        }
    }
}
