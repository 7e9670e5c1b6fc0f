//! Stopping points for crash tests. A payment is only as safe as what happens when the runtime
//! dies between two of its writes, and such a death cannot be timed from outside: a development
//! build given `FAULT_AT=<point>` logs `fault: stopped at <point>` when it reaches that point and
//! then waits forever, so a test can kill workerd exactly there, restart it on the same state and
//! watch the sweep put things right. Without the `dev` feature the points are empty functions and
//! `FAULT_AT` is not read at all: a deployment cannot be made to stop by configuration.

/// Where a confirm, a webhook delivery or a refund can be stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// The payment is recorded as processing; the processor has not been asked.
    PaymentRecorded,
    /// The processor answered the authorisation; the answer is not recorded.
    ProcessorAnswered,
    /// A webhook reached the merchant's endpoint; the attempt is not recorded.
    WebhookSent,
    /// A refund is recorded as pending; the processor has not been asked.
    RefundRecorded,
    /// The processor answered a refund; the answer is not recorded.
    RefundAnswered,
}

#[cfg_attr(not(feature = "dev"), allow(dead_code))]
impl Point {
    const ALL: [Point; 5] = [Point::PaymentRecorded, Point::ProcessorAnswered, Point::WebhookSent, Point::RefundRecorded, Point::RefundAnswered];

    /// The name `FAULT_AT` uses.
    pub const fn as_str(self) -> &'static str {
        match self {
            Point::PaymentRecorded => "payment_recorded",
            Point::ProcessorAnswered => "processor_answered",
            Point::WebhookSent => "webhook_sent",
            Point::RefundRecorded => "refund_recorded",
            Point::RefundAnswered => "refund_answered",
        }
    }

    /// The point a name means, if any.
    pub fn parse(name: &str) -> Option<Point> {
        Point::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

#[cfg(feature = "dev")]
thread_local! {
    static ARMED: std::cell::Cell<Option<Point>> = const { std::cell::Cell::new(None) };
}

/// Arms the point `FAULT_AT` names (development builds only); a name that means no point is a
/// configuration error, so a mistyped test fails instead of passing without stopping.
#[cfg(feature = "dev")]
pub fn arm(name: Option<&str>) -> Result<(), String> {
    let point = match name {
        None => None,
        Some(name) => Some(Point::parse(name).ok_or_else(|| format!("FAULT_AT names no fault point: {name}"))?),
    };
    ARMED.with(|a| a.set(point));
    Ok(())
}

/// Stops here, for good, if this is the armed point.
#[cfg(feature = "dev")]
pub async fn at(point: Point) {
    if ARMED.with(std::cell::Cell::get) != Some(point) {
        return;
    }
    crate::log::error(&format!("fault: stopped at {}", point.as_str()));
    // A timer, not a promise that never settles: workerd ends a request that waits on nothing
    // with an error of its own, and the test, not the runtime, must choose the moment it dies.
    loop {
        worker::Delay::from(std::time::Duration::from_secs(3600)).await;
    }
}

/// Production builds: no point stops.
#[cfg(not(feature = "dev"))]
#[inline(always)]
pub async fn at(_point: Point) {}

#[cfg(test)]
mod tests {
    use super::Point;

    #[test]
    fn every_point_reads_back_from_its_name() {
        for point in Point::ALL {
            assert_eq!(Point::parse(point.as_str()), Some(point));
        }
        assert_eq!(Point::parse("payment_recorded "), None);
        assert_eq!(Point::parse(""), None);
    }
}
