//! The word pools seeded records draw from: names from several cultures with the countries
//! they live in, company name parts, tags, task titles and note texts.

/// Names that go together, and where such a person's phone and address would be.
pub(super) struct Culture {
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
    pub countries: &'static [&'static Country],
}

pub(super) struct Country {
    /// ISO 3166-1 alpha-2, as HighLevel stores `country`.
    pub code: &'static str,
    pub dial_code: &'static str,
    /// The national number's leading digits (a mobile prefix) and how many digits follow.
    pub mobile_prefix: &'static str,
    pub mobile_digits: usize,
    pub timezone: &'static str,
    /// (city, state or region)
    pub cities: &'static [(&'static str, &'static str)],
    /// `#` is a digit, `A` an upper-case letter; empty where addresses carry no postal code.
    pub postal_pattern: &'static str,
    pub streets: &'static [&'static str],
}

const US: Country = Country {
    code: "US",
    dial_code: "1",
    mobile_prefix: "",
    mobile_digits: 10,
    timezone: "America/New_York",
    cities: &[
        ("Austin", "TX"),
        ("Denver", "CO"),
        ("Brooklyn", "NY"),
        ("Portland", "OR"),
        ("Tampa", "FL"),
        ("Columbus", "OH"),
        ("San Diego", "CA"),
    ],
    postal_pattern: "#####",
    streets: &[
        "Main St",
        "Oak Avenue",
        "1st St N",
        "Maple Drive",
        "Sunset Blvd",
    ],
};

const CA: Country = Country {
    code: "CA",
    dial_code: "1",
    mobile_prefix: "",
    mobile_digits: 10,
    timezone: "America/Toronto",
    cities: &[("Toronto", "ON"), ("Vancouver", "BC"), ("Montréal", "QC")],
    postal_pattern: "A#A #A#",
    streets: &["King St W", "Rue Sainte-Catherine", "Granville St"],
};

const GB: Country = Country {
    code: "GB",
    dial_code: "44",
    mobile_prefix: "7",
    mobile_digits: 9,
    timezone: "Europe/London",
    cities: &[
        ("London", "England"),
        ("Manchester", "England"),
        ("Edinburgh", "Scotland"),
    ],
    postal_pattern: "A## #AA",
    streets: &["High Street", "Church Lane", "Victoria Road"],
};

const AU: Country = Country {
    code: "AU",
    dial_code: "61",
    mobile_prefix: "4",
    mobile_digits: 8,
    timezone: "Australia/Sydney",
    cities: &[("Sydney", "NSW"), ("Melbourne", "VIC"), ("Brisbane", "QLD")],
    postal_pattern: "####",
    streets: &["George St", "Collins St", "Queen St"],
};

const DE: Country = Country {
    code: "DE",
    dial_code: "49",
    mobile_prefix: "15",
    mobile_digits: 9,
    timezone: "Europe/Berlin",
    cities: &[
        ("Berlin", "BE"),
        ("München", "BY"),
        ("Köln", "NW"),
        ("Hamburg", "HH"),
    ],
    postal_pattern: "#####",
    streets: &["Hauptstraße", "Schillerstraße", "Am Markt"],
};

const FR: Country = Country {
    code: "FR",
    dial_code: "33",
    mobile_prefix: "6",
    mobile_digits: 8,
    timezone: "Europe/Paris",
    cities: &[
        ("Paris", "Île-de-France"),
        ("Lyon", "Auvergne-Rhône-Alpes"),
        ("Nantes", "Pays de la Loire"),
    ],
    postal_pattern: "#####",
    streets: &["Rue de la Paix", "Avenue Victor Hugo", "Boulevard Voltaire"],
};

const ES: Country = Country {
    code: "ES",
    dial_code: "34",
    mobile_prefix: "6",
    mobile_digits: 8,
    timezone: "Europe/Madrid",
    cities: &[
        ("Madrid", "Madrid"),
        ("Barcelona", "Cataluña"),
        ("Sevilla", "Andalucía"),
    ],
    postal_pattern: "#####",
    streets: &["Calle Mayor", "Gran Vía", "Avenida de la Constitución"],
};

const MX: Country = Country {
    code: "MX",
    dial_code: "52",
    mobile_prefix: "55",
    mobile_digits: 8,
    timezone: "America/Mexico_City",
    cities: &[
        ("Ciudad de México", "CDMX"),
        ("Guadalajara", "JAL"),
        ("Monterrey", "NL"),
    ],
    postal_pattern: "#####",
    streets: &["Avenida Reforma", "Calle Madero", "Insurgentes Sur"],
};

const BR: Country = Country {
    code: "BR",
    dial_code: "55",
    mobile_prefix: "119",
    mobile_digits: 8,
    timezone: "America/Sao_Paulo",
    cities: &[
        ("São Paulo", "SP"),
        ("Rio de Janeiro", "RJ"),
        ("Curitiba", "PR"),
    ],
    postal_pattern: "#####-###",
    streets: &["Avenida Paulista", "Rua Augusta", "Rua das Flores"],
};

const IN: Country = Country {
    code: "IN",
    dial_code: "91",
    mobile_prefix: "9",
    mobile_digits: 9,
    timezone: "Asia/Kolkata",
    cities: &[
        ("Bengaluru", "KA"),
        ("Mumbai", "MH"),
        ("Chennai", "TN"),
        ("Delhi", "DL"),
    ],
    postal_pattern: "######",
    streets: &["MG Road", "Brigade Road", "Linking Road"],
};

const JP: Country = Country {
    code: "JP",
    dial_code: "81",
    mobile_prefix: "90",
    mobile_digits: 8,
    timezone: "Asia/Tokyo",
    cities: &[
        ("Tokyo", "Tokyo"),
        ("Osaka", "Osaka"),
        ("Sapporo", "Hokkaido"),
    ],
    postal_pattern: "###-####",
    streets: &["Chuo-dori", "Omotesando", "Midosuji"],
};

const CN: Country = Country {
    code: "CN",
    dial_code: "86",
    mobile_prefix: "13",
    mobile_digits: 9,
    timezone: "Asia/Shanghai",
    cities: &[("Shanghai", "SH"), ("Shenzhen", "GD"), ("Beijing", "BJ")],
    postal_pattern: "######",
    streets: &["Nanjing Road", "Huaihai Road", "Shennan Avenue"],
};

const NG: Country = Country {
    code: "NG",
    dial_code: "234",
    mobile_prefix: "80",
    mobile_digits: 8,
    timezone: "Africa/Lagos",
    cities: &[("Lagos", "LA"), ("Abuja", "FC"), ("Ibadan", "OY")],
    postal_pattern: "######",
    streets: &["Awolowo Road", "Adeola Odeku St", "Herbert Macaulay Way"],
};

const AE: Country = Country {
    code: "AE",
    dial_code: "971",
    mobile_prefix: "5",
    mobile_digits: 8,
    timezone: "Asia/Dubai",
    cities: &[("Dubai", "Dubai"), ("Abu Dhabi", "Abu Dhabi")],
    postal_pattern: "",
    streets: &["Sheikh Zayed Road", "Al Wasl Road"],
};

const IL: Country = Country {
    code: "IL",
    dial_code: "972",
    mobile_prefix: "5",
    mobile_digits: 8,
    timezone: "Asia/Jerusalem",
    cities: &[("Tel Aviv", "Tel Aviv"), ("Haifa", "Haifa")],
    postal_pattern: "#######",
    streets: &["Rothschild Blvd", "Dizengoff St"],
};

const PL: Country = Country {
    code: "PL",
    dial_code: "48",
    mobile_prefix: "5",
    mobile_digits: 8,
    timezone: "Europe/Warsaw",
    cities: &[("Warszawa", "MZ"), ("Kraków", "MA"), ("Gdańsk", "PM")],
    postal_pattern: "##-###",
    streets: &["ul. Marszałkowska", "ul. Floriańska", "ul. Długa"],
};

const VN: Country = Country {
    code: "VN",
    dial_code: "84",
    mobile_prefix: "9",
    mobile_digits: 8,
    timezone: "Asia/Ho_Chi_Minh",
    cities: &[("Hà Nội", "HN"), ("Thành phố Hồ Chí Minh", "SG")],
    postal_pattern: "######",
    streets: &["Đường Lê Lợi", "Phố Huế"],
};

pub(super) const CULTURES: &[Culture] = &[
    Culture {
        first_names: &[
            "James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Mia", "Ethan", "Sophie", "Jack",
            "Chloe", "Harper", "Mason", "Grace", "Lucas", "Ella", "Benjamin", "Zoë",
        ],
        last_names: &[
            "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Martin", "Anderson", "Thompson",
            "Walker", "O'Brien", "Clarke", "Hughes", "McDonald", "Bennett", "Price", "Foster",
        ],
        countries: &[&US, &US, &US, &GB, &AU, &CA],
    },
    Culture {
        first_names: &[
            "Sofía",
            "Mateo",
            "Lucía",
            "Diego",
            "Valentina",
            "Alejandro",
            "Camila",
            "José",
            "Martina",
            "Joaquín",
        ],
        last_names: &[
            "García",
            "Martínez",
            "Rodríguez",
            "López",
            "Hernández",
            "Núñez",
            "Pérez",
            "Sánchez",
            "Ramírez",
            "Gómez de la Torre",
        ],
        countries: &[&ES, &MX, &US, &BR],
    },
    Culture {
        first_names: &[
            "Lukas",
            "Anna",
            "Jürgen",
            "Lena",
            "Maximilian",
            "Greta",
            "Felix",
            "Sören",
        ],
        last_names: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weiß",
            "Köhler",
            "Bauer",
            "von Essen",
        ],
        countries: &[&DE],
    },
    Culture {
        first_names: &[
            "Camille", "Léa", "Hugo", "Chloé", "Étienne", "Manon", "Anaïs", "Théo",
        ],
        last_names: &[
            "Dubois", "Lefèvre", "Moreau", "Girard", "Roux", "Fontaine", "Le Gall",
        ],
        countries: &[&FR, &CA],
    },
    Culture {
        first_names: &[
            "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Diya", "Arjun", "Lakshmi",
        ],
        last_names: &[
            "Sharma",
            "Patel",
            "Iyer",
            "Reddy",
            "Gupta",
            "Nair",
            "Singh",
            "Venkataraman",
        ],
        countries: &[&IN, &IN, &US, &GB],
    },
    Culture {
        first_names: &["Wei", "Mei", "Jun", "Xiu Ying", "Hao", "Lan", "芳", "伟"],
        last_names: &["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "王", "李"],
        countries: &[&CN, &US, &AU],
    },
    Culture {
        first_names: &["Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "さくら"],
        last_names: &[
            "Sato",
            "Suzuki",
            "Takahashi",
            "Tanaka",
            "Watanabe",
            "Ito",
            "山田",
        ],
        countries: &[&JP],
    },
    Culture {
        first_names: &[
            "Chinedu",
            "Ngozi",
            "Oluwaseun",
            "Adaeze",
            "Emeka",
            "Funmilayo",
        ],
        last_names: &[
            "Okafor",
            "Adeyemi",
            "Eze",
            "Balogun",
            "Okonkwo",
            "Nwachukwu",
        ],
        countries: &[&NG, &GB, &US],
    },
    Culture {
        first_names: &["Omar", "Layla", "Youssef", "Fatima", "Karim", "Noor"],
        last_names: &[
            "Haddad", "Al-Sayed", "Khalil", "Mansour", "Nasser", "El-Amin",
        ],
        countries: &[&AE, &DE, &FR],
    },
    Culture {
        first_names: &["Noa", "Yael", "Eitan", "Tamar", "Avi"],
        last_names: &["Cohen", "Levi", "Mizrahi", "Friedman", "Ben-David"],
        countries: &[&IL, &US],
    },
    Culture {
        first_names: &[
            "Zofia",
            "Jakub",
            "Małgorzata",
            "Paweł",
            "Agnieszka",
            "Łukasz",
        ],
        last_names: &[
            "Nowak",
            "Kowalski",
            "Wiśniewska",
            "Wójcik",
            "Kamińska",
            "Zieliński",
        ],
        countries: &[&PL, &GB, &DE],
    },
    Culture {
        first_names: &["Linh", "Minh", "Thảo", "Quang", "Hương"],
        last_names: &["Nguyễn", "Trần", "Phạm", "Lê", "Võ"],
        countries: &[&VN, &AU, &US],
    },
];

pub(super) const COMPANY_PREFIXES: &[&str] = &[
    "Northwind",
    "Bluebird",
    "Summit",
    "Evergreen",
    "Ironclad",
    "Brightside",
    "Riverbend",
    "Lumen",
    "Keystone",
    "Harbor",
    "Atlas",
    "Maple & Oak",
    "Redwood",
    "Silverline",
    "Cobalt",
    "Sunrise",
    "Granite",
    "Willow",
    "Pioneer",
    "Crescent",
];

pub(super) const COMPANY_TRADES: &[&str] = &[
    "Dental",
    "Logistics",
    "Roofing",
    "Realty",
    "Fitness",
    "Marketing",
    "Bakery",
    "Legal",
    "Plumbing",
    "Auto Repair",
    "Solar",
    "Coffee Roasters",
    "Yoga Studio",
    "Consulting",
    "Landscaping",
    "Med Spa",
    "Chiropractic",
    "Insurance",
    "HVAC",
    "Photography",
];

pub(super) const COMPANY_SUFFIXES: &[&str] = &[
    "LLC", "Inc.", "GmbH", "Ltd", "Pty Ltd", "S.A.", "", "", "Group", "& Co.",
];

pub(super) const PERSONAL_EMAIL_DOMAINS: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "mail.example",
    "inbox.example",
];

pub(super) const TAGS: &[&str] = &[
    "vip",
    "lead",
    "newsletter",
    "churn-risk",
    "referral",
    "customer",
    "trial",
    "webinar-2024",
    "partner",
    "cold",
    "hot-lead",
    "event:summit",
    "q3-campaign",
    "do-not-call",
    "upsell",
    "facebook-ad",
    "google-ads",
    "wholesale",
];

pub(super) const SOURCES: &[&str] = &[
    "public api",
    "form: Contact Us",
    "facebook",
    "import",
    "referral",
    "website chat",
    "zapier",
    "calendar booking",
];

pub(super) const ATTRIBUTION_MEDIUMS: &[&str] =
    &["form", "survey", "calendar", "chat_widget", "facebook"];

pub(super) const INTERESTS: &[&str] = &[
    "SEO",
    "Paid ads",
    "Email marketing",
    "Web design",
    "Reputation",
    "Social media",
];

/// The location's team (first, last name): the users who own contacts and host
/// appointments. One writes right to left, as people do.
pub(super) const TEAM: &[(&str, &str)] = &[
    ("Maya", "Okafor"),
    ("Daniel", "Weiss"),
    ("Priya", "Raman"),
    ("Tomás", "Herrera"),
    ("ليلى", "حداد"),
    ("Kenji", "Watanabe"),
    ("Sofia", "Lindqvist"),
    ("Marcus", "O'Neill"),
];

pub(super) const CONTACT_TIMES: &[&str] = &["Morning", "Afternoon", "Evening", "Weekends only"];

pub(super) const TASK_TITLES: &[&str] = &[
    "Call back about the quote",
    "Send proposal",
    "Follow up on invoice",
    "Schedule onboarding call",
    "Check in after demo",
    "Renewal reminder",
    "Collect testimonial",
    "Update billing details",
    "Confirm appointment",
    "Prepare contract",
    "Review website feedback",
    "Send welcome pack",
];

pub(super) const TASK_BODIES: &[&str] = &[
    "Mentioned budget approval is expected this week.",
    "Wants pricing for the annual plan.",
    "Ask for the signed copy.",
    "They prefer WhatsApp over email.",
    "Bring the case study from the last campaign.",
];

pub(super) const NOTE_BODIES: &[&str] = &[
    "Spoke on the phone: interested in the premium package, asked for a callback next week.",
    "Left a voicemail. No answer on the second attempt either.",
    "Met at the trade show. Runs three locations and wants one dashboard for all of them.",
    "Complained about the last invoice; issued a 10% credit.",
    "Referred by an existing customer. Very warm lead.",
    "Prefers to be contacted after 4pm their time.",
    "Signed the contract. Kick-off scheduled, see appointments.",
    "Asked to pause the newsletter for a month.",
];

pub(super) const NOTE_TITLES: &[&str] = &[
    "Call summary",
    "Follow-up",
    "Billing",
    "Meeting notes",
    "Heads-up",
];

pub(super) const NOTE_COLORS: &[&str] = &["#FFAA00", "#4CAF50", "#2196F3", "#E91E63"];

/// Appointment titles; each has a calendar of its own.
pub(super) const APPOINTMENT_KINDS: &[&str] = &[
    "Discovery call",
    "Product demo",
    "Onboarding session",
    "Quarterly review",
];

pub(super) const APPOINTMENT_NOTES: &[&str] = &[
    "Bring last quarter's numbers.",
    "Customer asked to keep it under 30 minutes.",
    "",
    "Second attempt after the no-show.",
];
