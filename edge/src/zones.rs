//! Time zones from the runtime: workerd carries ICU's time zone data, so `Intl.DateTimeFormat`
//! knows every IANA zone and its offsets. Nothing is bundled for it.

use js_sys::{Array, Object, Reflect};
use tessera_core::date::Date;
use wasm_bindgen::{JsCast, JsValue};

/// One zone's formatter, made once and asked for many instants.
pub struct Zone {
    format_to_parts: js_sys::Function,
    formatter: JsValue,
}

impl Zone {
    /// The zone `name`, if the runtime knows it.
    pub fn named(name: &str) -> Option<Self> {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let ctor: js_sys::Function = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.dyn_into().ok()?;
        let options = Object::new();
        for (k, v) in [("timeZone", name), ("hourCycle", "h23"), ("year", "numeric"), ("month", "numeric"), ("day", "numeric"), ("hour", "numeric"), ("minute", "numeric"), ("second", "numeric")] {
            Reflect::set(&options, &k.into(), &v.into()).ok()?;
        }
        let args = Array::of2(&JsValue::from_str("en-US"), &options);
        // An unknown zone throws a RangeError: caught here, not a trap.
        let formatter = Reflect::construct(&ctor, &args).ok()?;
        let format_to_parts = Reflect::get(&formatter, &"formatToParts".into()).ok()?.dyn_into().ok()?;
        Some(Self { format_to_parts, formatter })
    }

    /// Seconds east of UTC at unix time `at`.
    pub fn offset(&self, at: u64) -> Option<i32> {
        let date = js_sys::Date::new(&JsValue::from_f64(at as f64 * 1000.0));
        let parts: Array = self.format_to_parts.call1(&self.formatter, &date).ok()?.dyn_into().ok()?;
        let mut v = [0i64; 6];
        for part in parts.iter() {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
            let slot = match kind.as_str() {
                "year" => 0,
                "month" => 1,
                "day" => 2,
                "hour" => 3,
                "minute" => 4,
                "second" => 5,
                _ => continue,
            };
            v[slot] = value.parse().ok()?;
        }
        let day = Date::new(v[0] as i32, v[1] as u8, v[2] as u8)?;
        let local = day.days() * 86_400 + v[3] * 3600 + v[4] * 60 + v[5];
        Some((local - at as i64) as i32)
    }

    /// Unix time of local midnight starting `date` (the first instant whose local date is it).
    pub fn midnight(&self, date: Date) -> Option<u64> {
        // Offsets are within ±14 h: guess with the offset near noon UTC, then settle it.
        let guess = date.utc_midnight();
        let mut at = guess - i64::from(self.offset((guess + 43_200) as u64)?);
        for _ in 0..2 {
            at = guess - i64::from(self.offset(at.max(0) as u64)?);
        }
        Some(at.max(0) as u64)
    }
}

/// Whether the runtime knows the zone `name`.
pub fn exists(name: &str) -> bool {
    Zone::named(name).is_some()
}
