//! The server's HTTP tests, in one binary: behaviour through the API and the pages, and the
//! role × route × organisation matrix. No socket: `oneshot` on the router.

mod common;
mod cycles;
mod dashboard;
mod http;
mod matrix;
mod published;
