//! Client addresses as rate limits count them. An IPv6 host usually holds a whole /64 (SLAAC,
//! privacy addresses rotate within it), so counting single IPv6 addresses would let one machine
//! look like billions: IPv6 is counted by its /64 prefix, IPv4 by its address.

use crate::prelude::*;
use core::net::IpAddr;

/// The key a client address is counted under: `v4:<address>` or `v6:<first four groups>::/64`;
/// `None` for text that is not an IP address.
pub fn client_key(address: &str) -> Option<String> {
    match address.trim().parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => Some(["v4:", &v4.to_string()].concat()),
        IpAddr::V6(v6) => {
            // An IPv4-mapped address is the IPv4 client behind it.
            if let Some(v4) = v6.to_ipv4_mapped() {
                return Some(["v4:", &v4.to_string()].concat());
            }
            let s = v6.segments();
            Some(format!("v6:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_by_its_64_prefix_and_ipv4_by_address() {
        assert_eq!(client_key("203.0.113.7").as_deref(), Some("v4:203.0.113.7"));
        let a = client_key("2001:db8:85a3:1:aaaa:bbbb:cccc:1").unwrap();
        let b = client_key("2001:0db8:85a3:0001:1234:5678:9abc:def0").unwrap();
        assert_eq!(a, b, "two addresses of one /64 are one client");
        assert_eq!(a, "v6:2001:db8:85a3:1::/64");
        assert_ne!(a, client_key("2001:db8:85a3:2::1").unwrap());
        assert_eq!(client_key("::ffff:198.51.100.1").as_deref(), Some("v4:198.51.100.1"));
        assert_eq!(client_key("unknown"), None);
        assert_eq!(client_key(""), None);
    }
}
