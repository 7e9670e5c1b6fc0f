use super::*;

const TODAY: YearMonth = YearMonth { year: 2026, month: 11 };

#[test]
fn brands_by_prefix_and_length() {
    let cases = [
        ("4242 4242 4242 4242", Brand::Visa),
        ("4222222222222", Brand::Visa),
        ("5555-5555-5555-4444", Brand::Mastercard),
        ("2223003122003222", Brand::Mastercard),
        ("2720990000000007", Brand::Mastercard),
        ("378282246310005", Brand::Amex),
        ("371449635398431", Brand::Amex),
        ("6011111111111117", Brand::Discover),
        ("6445644564456445", Brand::Discover),
        ("3530111333300000", Brand::Jcb),
        ("3056930009020004", Brand::DinersClub),
        ("36227206271667", Brand::DinersClub),
        ("6200000000000005", Brand::UnionPay),
        ("6759649826438453", Brand::Maestro),
        ("5018000000000009", Brand::Maestro),
    ];
    for (number, brand) in cases {
        let n: CardNumber = number.parse().unwrap_or_else(|e| panic!("{number}: {e:?}"));
        assert_eq!(n.brand(), brand, "{number}");
    }
    assert_eq!(Brand::detect("2"), None, "not enough digits to tell yet");
    assert_eq!(Brand::detect("2221"), Some(Brand::Mastercard));
    assert_eq!(Brand::detect("2220"), None);
    assert_eq!(Brand::detect("622126"), Some(Brand::Discover), "longest prefix wins over UnionPay's 62");
}

#[test]
fn bad_numbers_are_refused() {
    assert_eq!("4242424242424241".parse::<CardNumber>(), Err(Error::InvalidCardNumber), "Luhn");
    assert_eq!("424242424242424".parse::<CardNumber>(), Err(Error::InvalidCardNumber), "Visa 15");
    assert_eq!("37828224631000".parse::<CardNumber>(), Err(Error::InvalidCardNumber), "Amex 14");
    assert_eq!("4242x42424242424".parse::<CardNumber>(), Err(Error::InvalidCardNumber));
    assert_eq!("4242.4242.4242.4242".parse::<CardNumber>(), Err(Error::InvalidCardNumber));
    assert_eq!("".parse::<CardNumber>(), Err(Error::InvalidCardNumber));
    assert_eq!("9999999999999995".parse::<CardNumber>(), Err(Error::UnsupportedCardBrand));
    assert_eq!("42424242424242424242".parse::<CardNumber>(), Err(Error::InvalidCardNumber), "20 digits");
}

#[test]
fn a_pan_never_prints_whole() {
    let n: CardNumber = "4242424242424242".parse().unwrap();
    assert_eq!(n.to_string(), "424242******4242");
    assert_eq!(format!("{n:?}"), "CardNumber(visa, 424242******4242)");
    assert_eq!(n.last4(), "4242");
    let amex: CardNumber = "378282246310005".parse().unwrap();
    assert_eq!(amex.to_string(), "***********0005");
    assert_eq!(n.reveal(), "4242424242424242");
    let cvc = Cvc::parse("123", Brand::Visa).unwrap();
    assert_eq!(format!("{cvc:?}"), "Cvc(***)");
    let payload = CardPayload { number: "4242424242424242".into(), exp_month: 1, exp_year: 30, cvc: "123".into(), name: None };
    assert!(!format!("{payload:?}").contains("4242"));
    let card = Card::from_payload(&payload, TODAY).unwrap();
    let debug = format!("{card:?}");
    assert!(!debug.contains("4242424242424242") && !debug.contains("123"), "{debug}");
}

#[test]
fn cvc_length_follows_the_brand() {
    assert!(Cvc::parse("123", Brand::Visa).is_ok());
    assert_eq!(Cvc::parse("1234", Brand::Visa), Err(Error::InvalidCvc));
    assert!(Cvc::parse("1234", Brand::Amex).is_ok());
    assert_eq!(Cvc::parse("123", Brand::Amex), Err(Error::InvalidCvc));
    assert_eq!(Cvc::parse("12a", Brand::Visa), Err(Error::InvalidCvc));
}

#[test]
fn expiry_rules() {
    assert_eq!(Expiry::parse("11/26", TODAY).unwrap().to_string(), "11/26", "this month is still valid");
    assert_eq!(Expiry::parse("10/26", TODAY), Err(Error::CardExpired));
    assert_eq!(Expiry::parse("1 / 2030", TODAY).unwrap().year(), 2030);
    assert_eq!(Expiry::parse("0130", TODAY).unwrap().month(), 1);
    assert_eq!(Expiry::parse("13/30", TODAY), Err(Error::InvalidExpiry));
    assert_eq!(Expiry::parse("00/30", TODAY), Err(Error::InvalidExpiry));
    assert_eq!(Expiry::parse("12/3", TODAY), Err(Error::InvalidExpiry));
    assert_eq!(Expiry::parse("12/2099", TODAY), Err(Error::InvalidExpiry), "too far ahead");
    assert_eq!(Expiry::from_parts(12, 130, TODAY), Err(Error::InvalidExpiry));
}

#[test]
fn unix_time_to_month() {
    assert_eq!(YearMonth::from_unix(0), YearMonth { year: 1970, month: 1 });
    assert_eq!(YearMonth::from_unix(1_798_761_599), YearMonth { year: 2026, month: 12 }); // 2026-12-31T23:59:59Z
    assert_eq!(YearMonth::from_unix(1_798_761_600), YearMonth { year: 2027, month: 1 });
    assert_eq!(YearMonth::from_unix(951_782_400), YearMonth { year: 2000, month: 2 }); // 2000-02-29
}

#[test]
fn payload_json_is_strict() {
    let ok = br#"{"number":"4242 4242 4242 4242","exp_month":12,"exp_year":2030,"cvc":"123","name":" Ada Lovelace "}"#;
    let card = Card::from_json(ok, TODAY).unwrap();
    assert_eq!(card.name.as_deref(), Some("Ada Lovelace"));
    let extra = br#"{"number":"4242424242424242","exp_month":12,"exp_year":2030,"cvc":"123","pin":"1234"}"#;
    assert_eq!(Card::from_json(extra, TODAY).err(), Some(Error::InvalidJson));
    let bad_cvc = br#"{"number":"4242424242424242","exp_month":12,"exp_year":2030,"cvc":"1"}"#;
    assert_eq!(Card::from_json(bad_cvc, TODAY).err(), Some(Error::InvalidCvc));
}
