//! Step 6 of the design: the signals of one confirm (the device registry, the velocity counters,
//! the request's country, the fingerprint) against the risk rules, and the decision stored with
//! its reasons. And what a device is remembered by once it paid or proved itself.

use futures_util::future::{try_join, try_join3};
use serde_json::json;
use tessera_core::crypto::RustCrypto;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::ids::{Id, Kind};
use tessera_core::risk::{self, Action, Rules, Signals};
use tessera_core::net;

use tessera_core::policy::sca::{Exemption, Outcome};

use super::model::{Origin, Parties, PayRequest, Session};
use super::regional;
use super::ports::{Counters, Decision, Device, Devices, Known, Ports};
use crate::error::ApiResult;

/// Fingerprints kept per device.
const FINGERPRINT_HISTORY: usize = 5;

/// What a confirm is judged on besides the session.
pub struct Confirmation<'a> {
    /// The device key's thumbprint.
    pub device: &'a str,
    /// The card's keyed fingerprint.
    pub card: &'a str,
    /// The device fingerprint, if sent.
    pub fingerprint: Option<&'a Fingerprint>,
    /// Where it came from.
    pub origin: &'a Origin,
}

/// The key an address is counted under: IPv6 by its /64, IPv4 by address.
pub fn ip_key(origin: &Origin) -> String {
    let client = origin.ip.as_deref().and_then(net::client_key).unwrap_or_else(|| "unknown".into());
    format!("ip:{client}")
}

/// A confirm's decision, and the write it leaves ([`settle`]): made beside the session's
/// commit, since nothing in that commit depends on it.
pub struct Assessment {
    /// What the rules and the regional policy decided.
    pub action: Action,
    /// The SCA exemption the processor is told of, if one applied.
    pub exemption: Option<Exemption>,
    shopper: String,
    decision: Decision,
}

/// Stores an assessment: the decision with its reasons, and the device seen in its region.
pub async fn settle(p: &impl Ports, a: &Assessment) -> ApiResult<()> {
    p.devices().settle(&a.shopper, &a.decision).await
}

/// What a confirm is judged on from storage besides the session, read beside it: the rules,
/// the device, the shopper's countries, and the attempts counted with this one.
pub struct Seen {
    rules: Rules,
    device: Option<Device>,
    countries: Vec<String>,
    attempts: (u32, u32, u32),
}

/// The rules of the merchant whose session `session_id` is (the operator's alone if there is
/// no such session): read beside the request's own checks, before the session is known.
pub async fn rules_of_session(p: &impl Ports, session_id: &str) -> ApiResult<Rules> {
    p.devices().rules_of_session(session_id).await
}

/// The device and the shopper's countries, and this attempt counted by device, card and
/// address within the rules' window. Every confirm that asks for the lease counts (the hits go
/// while it is asked for), whether or not it gets the lease and whether or not the machine then
/// asks for an assessment: a limit may count more than it must, never less.
pub async fn look(p: &impl Ports, parties: &Parties, rules: Rules, c: &Confirmation<'_>) -> ApiResult<Seen> {
    let (devices, counters) = (p.devices(), p.counters());
    let window = rules.velocity_window_seconds;
    let (device_key, card_key, ip) = (format!("device:{}", c.device), format!("card:{}", c.card), ip_key(c.origin));
    let hits = try_join3(counters.hit(&device_key, window), counters.hit(&card_key, window), counters.hit(&ip, window));
    let (device, countries, attempts) = try_join3(devices.device(&parties.shopper_key, c.device), devices.countries(&parties.shopper_key), hits).await?;
    Ok(Seen { rules, device, countries, attempts })
}

/// `seen` again for `parties`, keeping its attempts: the session's parties were not those its
/// check read (a shopper erased between the two).
pub async fn look_again(p: &impl Ports, parties: &Parties, device: &str, seen: Seen) -> ApiResult<Seen> {
    let devices = p.devices();
    let (rules, device, countries) = try_join3(devices.rules(&parties.merchant_id), devices.device(&parties.shopper_key, device), devices.countries(&parties.shopper_key)).await?;
    Ok(Seen { rules, device, countries, ..seen })
}

/// Decides on a confirm from what was `seen`: the risk rules first, then the regional policy's
/// SCA rule, which can ask for a step-up the rules did not, never waive one. The decision is
/// stored by [`settle`].
pub async fn assess(p: &impl Ports, session: &Session, c: &Confirmation<'_>, seen: Seen) -> ApiResult<Assessment> {
    let shopper = session.shopper_key();
    let Seen { rules, device, countries, attempts: (device_attempts, card_attempts, ip_attempts) } = seen;
    let last = device.as_ref().and_then(|d| d.fingerprints.last());
    let signals = Signals {
        new_device: device.is_none(),
        device_state: device.as_ref().map(|d| d.state),
        new_country: !countries.contains(&c.origin.country),
        fingerprint_similarity: c.fingerprint.zip(last).map(|(a, b)| a.similarity(b)),
        fingerprint_missing: c.fingerprint.is_none(),
        fingerprint_limited: c.fingerprint.is_some_and(Fingerprint::is_limited),
        amount: session.amount.minor(),
        device_attempts,
        card_attempts,
        ip_attempts,
    };
    let mut decision = risk::evaluate(&rules, &signals);
    let applied = regional::applied(p, c.origin);
    let sca = regional::sca(p, session, &applied, c.card, decision.action).await?;
    if sca == Outcome::Required && decision.action == Action::Allow {
        decision.action = Action::StepUp;
        decision.reasons.push("sca_required".into());
    }
    let fingerprinting = applied.rules.fingerprinting.as_str();
    let exemption = match sca {
        Outcome::Exempt(e) => Some(e),
        _ => None,
    };
    let decision_row = Decision {
        id: Id::generate(&RustCrypto, Kind::RiskDecision)?.as_str().to_owned(),
        session_id: session.id.clone(),
        merchant_id: session.merchant_id.clone(),
        device: c.device.to_owned(),
        action: decision.action,
        reasons: decision.reasons,
        signals: json!({
            "new_device": signals.new_device,
            "device_state": signals.device_state,
            "new_country": signals.new_country,
            "fingerprint_similarity": signals.fingerprint_similarity,
            "fingerprint_missing": signals.fingerprint_missing,
            "fingerprint_limited": signals.fingerprint_limited,
            "amount": signals.amount,
            "device_attempts": signals.device_attempts,
            "card_attempts": signals.card_attempts,
            "ip_attempts": signals.ip_attempts,
        }),
        country: c.origin.country.clone(),
        policy: json!({
            "version": applied.version,
            "region": applied.region,
            "rule": sca.rule(&applied),
            "fingerprinting": applied.rule("fingerprinting", fingerprinting),
        }),
        sca: regional::sca_json(sca, &applied),
        region: applied.region.to_owned(),
        at: p.now(),
    };
    Ok(Assessment { action: decision.action, exemption, shopper, decision: decision_row })
}

/// Remembers a context the shopper paid or proved from: its country and fingerprint. `trust`
/// (after a passed step-up) makes the device trusted; without it only a device already trusted
/// learns anything, so an allowed payment from an untrusted device (custom rules) teaches nothing.
pub async fn remember(p: &impl Ports, session: &Session, req: &PayRequest, trust: bool) -> ApiResult<()> {
    let devices = p.devices();
    let shopper = session.shopper_key();
    let (device, shopper_countries) = try_join(devices.device(&shopper, &req.device), devices.countries(&shopper)).await?;
    let Some(device) = device else { return Ok(()) };
    if !trust && device.state != tessera_core::risk::DeviceState::Trusted {
        return Ok(());
    }
    let add = |mut countries: Vec<String>| {
        if !countries.contains(&req.origin.country) {
            countries.push(req.origin.country.clone());
        }
        countries
    };
    let mut fingerprints = device.fingerprints.clone();
    if let Some(fp) = &req.fingerprint {
        fingerprints.push(fp.clone());
        let excess = fingerprints.len().saturating_sub(FINGERPRINT_HISTORY);
        fingerprints.drain(..excess);
    }
    let shopper_countries = add(shopper_countries);
    let known = Known { device_countries: &add(device.countries), fingerprints: &fingerprints, shopper_countries: &shopper_countries, trust };
    devices.save_context(&shopper, &req.device, &known, p.now()).await
}
