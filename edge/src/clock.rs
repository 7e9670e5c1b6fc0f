//! The time, from the runtime. Workers freeze the clock during a request's CPU work, which is
//! fine for every use here: expiries, `iat` windows and timestamps are all in seconds.

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    worker::Date::now().as_millis() / 1000
}

/// Milliseconds since the Unix epoch (the clock moves across I/O, so a call's duration shows).
pub fn now_ms() -> u64 {
    worker::Date::now().as_millis()
}
