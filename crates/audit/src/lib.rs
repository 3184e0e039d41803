//! jixiao-audit
