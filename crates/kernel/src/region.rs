//! Administrative division codes (GB/T 2260): six digits, `PPCCDD` — province, city
//! (prefecture), county. A regulator's region contains every code that shares its prefix.
//!
//! Provinces are checked against the full list. Cities and counties are checked for shape and
//! province; names are carried for provinces and the cities the product ships demo data for.

/// Level of a division code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionLevel {
    Province,
    City,
    County,
}

/// The 34 provincial-level divisions of GB/T 2260.
pub const PROVINCES: [(&str, &str); 34] = [
    ("110000", "北京市"),
    ("120000", "天津市"),
    ("130000", "河北省"),
    ("140000", "山西省"),
    ("150000", "内蒙古自治区"),
    ("210000", "辽宁省"),
    ("220000", "吉林省"),
    ("230000", "黑龙江省"),
    ("310000", "上海市"),
    ("320000", "江苏省"),
    ("330000", "浙江省"),
    ("340000", "安徽省"),
    ("350000", "福建省"),
    ("360000", "江西省"),
    ("370000", "山东省"),
    ("410000", "河南省"),
    ("420000", "湖北省"),
    ("430000", "湖南省"),
    ("440000", "广东省"),
    ("450000", "广西壮族自治区"),
    ("460000", "海南省"),
    ("500000", "重庆市"),
    ("510000", "四川省"),
    ("520000", "贵州省"),
    ("530000", "云南省"),
    ("540000", "西藏自治区"),
    ("610000", "陕西省"),
    ("620000", "甘肃省"),
    ("630000", "青海省"),
    ("640000", "宁夏回族自治区"),
    ("650000", "新疆维吾尔自治区"),
    ("710000", "台湾省"),
    ("810000", "香港特别行政区"),
    ("820000", "澳门特别行政区"),
];

/// Prefecture-level cities of Hunan and Guangdong (the demo data's provinces).
pub const CITIES: [(&str, &str); 35] = [
    ("430100", "长沙市"),
    ("430200", "株洲市"),
    ("430300", "湘潭市"),
    ("430400", "衡阳市"),
    ("430500", "邵阳市"),
    ("430600", "岳阳市"),
    ("430700", "常德市"),
    ("430800", "张家界市"),
    ("430900", "益阳市"),
    ("431000", "郴州市"),
    ("431100", "永州市"),
    ("431200", "怀化市"),
    ("431300", "娄底市"),
    ("433100", "湘西土家族苗族自治州"),
    ("440100", "广州市"),
    ("440200", "韶关市"),
    ("440300", "深圳市"),
    ("440400", "珠海市"),
    ("440500", "汕头市"),
    ("440600", "佛山市"),
    ("440700", "江门市"),
    ("440800", "湛江市"),
    ("440900", "茂名市"),
    ("441200", "肇庆市"),
    ("441300", "惠州市"),
    ("441400", "梅州市"),
    ("441500", "汕尾市"),
    ("441600", "河源市"),
    ("441700", "阳江市"),
    ("441800", "清远市"),
    ("441900", "东莞市"),
    ("442000", "中山市"),
    ("445100", "潮州市"),
    ("445200", "揭阳市"),
    ("445300", "云浮市"),
];

/// Checks a code's shape and province; returns its level.
pub fn level(code: &str) -> Option<RegionLevel> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let province = format!("{}0000", &code[..2]);
    if !PROVINCES.iter().any(|(c, _)| *c == province) {
        return None;
    }
    Some(match (&code[2..4], &code[4..6]) {
        ("00", "00") => RegionLevel::Province,
        ("00", _) => return None,
        (_, "00") => RegionLevel::City,
        _ => RegionLevel::County,
    })
}

/// The prefix every code inside `code`'s region starts with.
pub fn prefix(code: &str) -> &str {
    match level(code) {
        Some(RegionLevel::Province) => &code[..2],
        Some(RegionLevel::City) => &code[..4],
        _ => code,
    }
}

/// True when `inner` lies in `outer` (a city belongs to its province; a code to itself).
pub fn contains(outer: &str, inner: &str) -> bool {
    level(outer).is_some() && level(inner).is_some() && inner.starts_with(prefix(outer))
}

/// The known name of a code, if any.
pub fn name(code: &str) -> Option<&'static str> {
    PROVINCES
        .iter()
        .chain(CITIES.iter())
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_belongs_to_its_province_only() {
        assert_eq!(level("440000"), Some(RegionLevel::Province));
        assert_eq!(level("440300"), Some(RegionLevel::City));
        assert_eq!(level("440305"), Some(RegionLevel::County));
        assert_eq!(level("990000"), None);
        assert_eq!(level("440005"), None);
        assert_eq!(level("44030"), None);
        assert!(contains("440000", "440300"));
        assert!(contains("440300", "440305"));
        assert!(!contains("430000", "440300"));
        assert!(!contains("440300", "440100"));
        assert_eq!(name("440300"), Some("深圳市"));
    }
}
