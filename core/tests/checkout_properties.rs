//! The checkout's limits as properties: random sequences of confirms, codes, passkeys, resends,
//! processor answers, merchant changes and time, from several devices and cards against two
//! sessions of one shopper, driven the way the edge drives the machine. Whatever the sequence:
//! - no session counts more than five wrong codes, and the shopper never more than five in a row
//!   within a block period, however many sessions, devices and re-confirms;
//! - no session sends more codes than its budget, two codes of a session are never closer than
//!   the resend interval, and the destination never gets more than its cap within its window;
//! - every charge is for a device and card the risk rules decided on in that session (and a
//!   step-up charge for one they stepped up);
//! - a session is charged at most once, never while a payment is in flight, and only the owner
//!   of a payment in flight resumes it.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use tessera_core::checkout::{step, Checkout, Effect, Event, Limits, Payer, Phase, Standing};
use tessera_core::risk::Action;

const START: u64 = 1_000_000;
const SESSIONS: usize = 2;

#[derive(Debug, Clone)]
enum Move {
    Confirm { session: usize, device: u8, card: u8, action: u8, passkey: bool },
    /// `who: None` is the payer of the session's step-up (the shopper at their device), any
    /// other the attacker's choice.
    Code { session: usize, who: Option<(u8, u8)>, matches: bool },
    Passkey { session: usize, who: Option<(u8, u8)> },
    Resend { session: usize, device: u8 },
    Update { session: usize, amount: u16 },
    Cancel { session: usize },
    /// The shopper passes a step-up in a session of theirs not played here.
    SucceedElsewhere,
    Wait { seconds: u64 },
}

fn moves() -> impl Strategy<Value = Move> {
    let session = 0..SESSIONS;
    let who = (0u8..3, 0u8..2);
    let anyone = prop::option::weighted(0.5, who.clone());
    prop_oneof![
        6 => (session.clone(), who.clone(), 0u8..3, any::<bool>()).prop_map(|(session, (device, card), action, passkey)| Move::Confirm { session, device, card, action, passkey }),
        8 => (session.clone(), anyone.clone(), prop::bool::weighted(0.15)).prop_map(|(session, who, matches)| Move::Code { session, who, matches }),
        2 => (session.clone(), anyone).prop_map(|(session, who)| Move::Passkey { session, who }),
        3 => (session.clone(), 0u8..3).prop_map(|(session, device)| Move::Resend { session, device }),
        1 => (session.clone(), any::<u16>()).prop_map(|(session, amount)| Move::Update { session, amount }),
        1 => session.prop_map(|session| Move::Cancel { session }),
        1 => Just(Move::SucceedElsewhere),
        3 => prop_oneof![Just(1u64), Just(10), Just(31), Just(301), Just(3700)].prop_map(|seconds| Move::Wait { seconds }),
    ]
}

fn payer(device: u8, card: u8) -> Payer {
    Payer { device: format!("dev_{device}"), card: format!("card_{card}") }
}

/// What the edge keeps beside the sessions, and what the properties look back on.
struct World {
    limits: Limits,
    now: u64,
    sessions: Vec<Checkout>,
    shopper: Standing,
    /// Times of codes sent to the shopper's one destination.
    sends: Vec<u64>,
    /// Times of codes sent, per session.
    session_sends: Vec<Vec<u64>>,
    /// Times of wrong codes counted against the shopper, in runs broken by a passed step-up.
    strikes: Vec<Vec<u64>>,
    /// Payers the risk rules decided on, per session, with what they decided.
    decided: Vec<BTreeMap<Payer, BTreeSet<u8>>>,
    /// Successful charges per session.
    paid: Vec<u32>,
}

impl World {
    fn new(limits: Limits) -> Self {
        let sessions = (0..SESSIONS).map(|i| Checkout::open(format!("cs_{i}|mer|100|USD"), START + 7200)).collect();
        World {
            limits,
            now: START,
            sessions,
            shopper: Standing::default(),
            sends: Vec::new(),
            session_sends: vec![Vec::new(); SESSIONS],
            strikes: vec![Vec::new()],
            decided: vec![BTreeMap::new(); SESSIONS],
            paid: vec![0; SESSIONS],
        }
    }

    fn destination_sends(&self) -> u32 {
        self.sends.iter().filter(|&&t| t + self.limits.destination_window > self.now).count() as u32
    }

    /// Feeds one event to a session and performs its effects as the edge would; `outcome`
    /// chooses the processor's answer when a charge or resume asks for one.
    fn feed(&mut self, s: usize, event: Event, decision: u8, outcome: u8) -> Result<(), TestCaseError> {
        let before = self.sessions[s].clone();
        let payer = match &event {
            Event::Confirm { payer } | Event::Assessed { payer, .. } | Event::CodeEntered { payer, .. } | Event::PasskeyVerified { payer } => Some(payer.clone()),
            _ => None,
        };
        let blocked_before = self.shopper.blocked(self.now);
        let assessed = match &event {
            Event::Assessed { payer, action, .. } => Some((payer.clone(), *action)),
            _ => None,
        };
        let t = step(&before, event, self.now, &self.limits);
        self.sessions[s] = t.next.clone();
        prop_assert!(t.next.codes_failed <= self.limits.max_failed_codes, "session counted {} wrong codes", t.next.codes_failed);
        for effect in &t.effects {
            match effect {
                Effect::Assess => {
                    let payer = payer.clone().expect("a confirm has a payer");
                    let action = [Action::Allow, Action::StepUp, Action::Deny][decision as usize % 3];
                    self.decided[s].entry(payer.clone()).or_default().insert(decision % 3);
                    let passkey = decision >= 3;
                    let (shopper, destination_sends) = (self.shopper, self.destination_sends());
                    return self.feed(s, Event::Assessed { payer, action, passkey, shopper, destination_sends }, 0, outcome);
                }
                Effect::SendCode => {
                    prop_assert!(self.destination_sends() < self.limits.max_codes_per_destination, "a code past the destination's cap");
                    if let Some(&last) = self.session_sends[s].last() {
                        prop_assert!(self.now >= last + self.limits.resend_interval, "codes {} s apart", self.now - last);
                    }
                    self.sends.push(self.now);
                    self.session_sends[s].push(self.now);
                    prop_assert!(self.session_sends[s].len() as u32 <= self.limits.max_codes_per_session, "session sent {} codes", self.session_sends[s].len());
                }
                Effect::StrikeShopper => {
                    prop_assert!(!blocked_before, "a code was weighed while the shopper was blocked");
                    self.strikes.last_mut().expect("a run").push(self.now);
                    self.shopper.failures += 1;
                    if self.shopper.failures >= self.limits.max_failed_codes {
                        self.shopper.blocked_until = self.now + self.limits.shopper_block;
                    }
                }
                Effect::ClearShopper => self.clear_shopper(),
                Effect::Charge { authenticated } => {
                    let payer = payer.clone().expect("a charge has a payer");
                    prop_assert!(!matches!(before.phase, Phase::Processing(_) | Phase::Succeeded), "a second charge for one session");
                    let decisions = self.decided[s].get(&payer).cloned().unwrap_or_default();
                    if *authenticated {
                        prop_assert!(decisions.contains(&1), "a step-up charge for {payer:?}, never stepped up in this session");
                    } else {
                        prop_assert_eq!(assessed.clone(), Some((payer.clone(), Action::Allow)), "a charge without an allow for that payer");
                    }
                    prop_assert_eq!(&t.next.phase, &Phase::Processing(payer));
                    return self.answer(s, outcome);
                }
                Effect::Resume => {
                    prop_assert_eq!(&before.phase, &Phase::Processing(payer.clone().expect("a resume has a payer")), "resumed by someone else");
                    return self.answer(s, outcome);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn answer(&mut self, s: usize, outcome: u8) -> Result<(), TestCaseError> {
        let event = [Event::Authorized, Event::Declined, Event::TimedOut][outcome as usize % 3].clone();
        let before = self.sessions[s].clone();
        let t = step(&before, event, self.now, &self.limits);
        if t.next.phase == Phase::Succeeded && before.phase != Phase::Succeeded {
            self.paid[s] += 1;
        }
        prop_assert!(self.paid[s] <= 1, "session {s} paid twice");
        self.sessions[s] = t.next;
        Ok(())
    }

    fn play(&mut self, m: Move, decision: u8, outcome: u8) -> Result<(), TestCaseError> {
        match m {
            Move::Confirm { session, device, card, action, passkey } => {
                let decision = action + if passkey { 3 } else { 0 };
                self.feed(session, Event::Confirm { payer: payer(device, card) }, decision, outcome)
            }
            Move::Code { session, who, matches } => {
                let shopper = self.shopper;
                let payer = self.payer(session, who);
                self.feed(session, Event::CodeEntered { payer, matches, shopper }, decision, outcome)
            }
            Move::Passkey { session, who } => {
                let payer = self.payer(session, who);
                self.feed(session, Event::PasskeyVerified { payer }, decision, outcome)
            }
            Move::Resend { session, device } => {
                let (shopper, destination_sends) = (self.shopper, self.destination_sends());
                self.feed(session, Event::ResendRequested { device: format!("dev_{device}"), shopper, destination_sends }, decision, outcome)
            }
            Move::Update { session, amount } => self.feed(session, Event::Updated { binding: format!("cs_{session}|mer|{amount}|USD") }, decision, outcome),
            Move::Cancel { session } => self.feed(session, Event::Cancel, decision, outcome),
            Move::SucceedElsewhere => {
                self.clear_shopper();
                Ok(())
            }
            Move::Wait { seconds } => {
                self.now += seconds;
                Ok(())
            }
        }
    }

    fn clear_shopper(&mut self) {
        self.shopper = Standing::default();
        self.strikes.push(Vec::new());
    }

    /// `who`, or the payer of the session's step-up (or payment in flight) when `None`.
    fn payer(&self, s: usize, who: Option<(u8, u8)>) -> Payer {
        let owner = match &self.sessions[s].phase {
            Phase::RequiresAction(step_up) => Some(step_up.payer.clone()),
            Phase::Processing(owner) => Some(owner.clone()),
            _ => None,
        };
        match (who, owner) {
            (Some((device, card)), _) => payer(device, card),
            (None, Some(owner)) => owner,
            (None, None) => payer(0, 0),
        }
    }

    /// The shopper-wide limit, looked at afterwards: within any block period no more than the
    /// allowed wrong codes in a row were weighed.
    fn check_strikes(&self) -> Result<(), TestCaseError> {
        for run in &self.strikes {
            for &t in run {
                let within = run.iter().filter(|&&u| u >= t && u < t + self.limits.shopper_block).count() as u32;
                prop_assert!(within <= self.limits.max_failed_codes, "{within} wrong codes in a row weighed within one block period");
            }
        }
        for (i, &t) in self.sends.iter().enumerate() {
            let within = self.sends[..=i].iter().filter(|&&u| u + self.limits.destination_window > t).count() as u32;
            prop_assert!(within <= self.limits.max_codes_per_destination, "{within} codes to one destination within its window");
        }
        Ok(())
    }
}

fn limits() -> impl Strategy<Value = Limits> {
    (1u32..4, 1u32..5, 1u32..12).prop_map(|(max_failed_codes, max_codes_per_session, max_codes_per_destination)| Limits {
        max_failed_codes,
        max_codes_per_session,
        max_codes_per_destination,
        destination_window: 3600,
        code_ttl: 300,
        resend_interval: 30,
        shopper_block: 24 * 3600,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn limits_hold_whatever_the_clients_do(
        limits in prop_oneof![Just(Limits::default()), limits()],
        script in prop::collection::vec((moves(), 0u8..6, 0u8..3), 1..200),
    ) {
        let mut world = World::new(limits);
        for (m, decision, outcome) in script {
            world.play(m, decision, outcome)?;
        }
        world.check_strikes()?;
    }
}

#[test]
fn a_guessing_attacker_gets_five_tries_per_block_period_and_no_more() {
    let limits = Limits::default();
    let mut world = World::new(limits);
    // Every session, device, card and re-confirm the attacker likes; one wrong code at a time.
    for round in 0..200u32 {
        let s = (round as usize) % SESSIONS;
        let (device, card) = ((round % 3) as u8, (round % 2) as u8);
        world.play(Move::Confirm { session: s, device, card, action: 1, passkey: false }, 0, 0).unwrap();
        world.play(Move::Code { session: s, who: Some((device, card)), matches: false }, 0, 0).unwrap();
        world.play(Move::Wait { seconds: 31 }, 0, 0).unwrap();
    }
    world.check_strikes().unwrap();
    assert_eq!(world.strikes.concat().len(), limits.max_failed_codes as usize, "200 rounds within a day weighed only five codes");
}
