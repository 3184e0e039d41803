//! jixiao-io
