//! The payment after its authorisation, under random sequences of merchant requests, processor
//! answers (including late duplicates and failures), disputes and time: what the processor is
//! asked to capture, void and refund must always add up.

use proptest::prelude::*;
use tessera_core::payment::lifecycle::{step, PaymentEffect, PaymentEvent, PaymentState, AUTHORIZATION_TTL};
use tessera_core::payment::{CaptureMethod, PaymentStatus};

fn events() -> impl Strategy<Value = PaymentEvent> {
    prop_oneof![
        Just(PaymentEvent::Authorized),
        Just(PaymentEvent::Declined),
        prop::option::of(0u64..1500).prop_map(|amount| PaymentEvent::CaptureRequested { amount }),
        Just(PaymentEvent::Captured),
        Just(PaymentEvent::CaptureFailed),
        Just(PaymentEvent::CancelRequested),
        Just(PaymentEvent::AuthorizationExpired),
        Just(PaymentEvent::Voided),
        Just(PaymentEvent::VoidFailed),
        prop::option::of(0u64..1500).prop_map(|amount| PaymentEvent::RefundRequested { amount }),
        (0u64..1500).prop_map(|amount| PaymentEvent::RefundFailed { amount }),
        Just(PaymentEvent::Disputed),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn captures_voids_and_refunds_always_add_up(
        amount in 1u64..1000,
        manual in any::<bool>(),
        script in prop::collection::vec((events(), 0u64..(2 * AUTHORIZATION_TTL)), 1..60),
    ) {
        let method = if manual { CaptureMethod::Manual } else { CaptureMethod::Automatic };
        let mut state = PaymentState::processing(amount, method);
        let mut refunds_asked: u64 = 0;
        let mut refunds_failed: u64 = 0;
        let mut now = 1_000;
        for (event, wait) in script {
            now += wait;
            // A refund can only fail for what was asked and has not failed yet.
            let event = match event {
                PaymentEvent::RefundFailed { amount } => PaymentEvent::RefundFailed { amount: amount.min(refunds_asked - refunds_failed) },
                other => other,
            };
            if let PaymentEvent::RefundFailed { amount } = event {
                refunds_failed += amount;
            }
            let before = state;
            let t = step(&state, event, now);
            for effect in &t.effects {
                match *effect {
                    PaymentEffect::Capture { amount: c } => {
                        prop_assert_eq!(before.status, PaymentStatus::RequiresCapture);
                        prop_assert!(before.pending.is_none(), "two operations in flight at once");
                        prop_assert!(c > 0 && c <= amount, "capture of {} on {}", c, amount);
                    }
                    PaymentEffect::Void => {
                        prop_assert_eq!(before.status, PaymentStatus::RequiresCapture, "a void after capture");
                        prop_assert!(before.pending.is_none(), "two operations in flight at once");
                    }
                    PaymentEffect::Refund { amount: r } => {
                        prop_assert_eq!(before.status, PaymentStatus::Succeeded, "a refund of an uncaptured payment");
                        prop_assert!(!before.disputed);
                        refunds_asked += r;
                    }
                    _ => {}
                }
            }
            state = t.next;
            prop_assert!(state.amount_captured <= state.amount);
            prop_assert!(state.amount_refunded <= state.amount_captured, "refunded {} of {}", state.amount_refunded, state.amount_captured);
            prop_assert_eq!(state.amount_refunded, refunds_asked - refunds_failed);
            prop_assert!(!(state.status == PaymentStatus::Canceled && state.amount_captured > 0));
            if before.status == PaymentStatus::Succeeded {
                prop_assert_eq!(state.status, PaymentStatus::Succeeded, "a captured payment stays captured");
                prop_assert_eq!(state.amount_captured, before.amount_captured, "and is captured once");
            }
        }
    }
}
