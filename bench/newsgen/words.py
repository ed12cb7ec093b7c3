"""Word banks for synthetic news: fictional places, people, organisations and the small words of news copy.

Everything here is invented for newsdesk's benchmarks. Place names are built from syllables, so the
same few lists give thousands of towns that never existed; people get ordinary first names and
surnames that are common enough to be nobody in particular.
"""

from __future__ import annotations

TOWN_HEADS = (
    "Ash", "Bren", "Kil", "Carr", "Harrow", "Pine", "Velm", "Ost", "Tarr", "Kess", "Dal", "Marr", "Orn",
    "Sarn", "Wick", "Thorn", "Elder", "Fen", "Gorse", "Holl", "Iver", "Juni", "Lark", "Mill", "Nether",
    "Oak", "Pell", "Quarr", "Redd", "Sel", "Tams", "Ulver", "Vorn", "Wil", "Yarr", "Brack", "Cald",
    "Dunm", "Ember", "Frost", "Glen", "Hask", "Lind", "Mor", "Penn", "Ros", "Stam", "Tol", "Wend",
)
TOWN_TAILS = (
    "combe", "moor", "worth", "ow", "gate", "crest", "ora", "rava", "in", "el", "merra", "ford", "bridge",
    "ton", "ley", "field", "by", "haven", "mouth", "stead", "wick", "ham", "burn", "dale", "holt", "minster",
    "ridge", "brook", "port", "cliffe",
)
REGIONS = (
    "the Lune valley", "the northern provinces", "the eastern plains", "the Orne coast", "the Sarn estuary",
    "the upper Kessel valley", "the southern lakes district", "the Marrow hills", "the western fens",
    "the Tarrin basin", "the Dalmerra highlands", "the Vorn peninsula", "the Holloway downs",
)
COUNTRIES = ("Dalmerra", "Velmora", "Korsa", "Ostravel", "Sarnland", "Tarrin", "Brellia", "Quessa", "Ardenne")
RIVERS = ("Lune", "Kessel", "Orne", "Tamsin", "Wend", "Marrow", "Ulver", "Brack", "Fenn", "Selby", "Iver")
STREETS = (
    "Mill Street", "Station Road", "Market Square", "Church Lane", "Harbour Road", "North Parade", "Kings Way",
    "Bridge Street", "Victoria Road", "Quarry Lane", "High Street", "Foundry Row", "Canal Walk", "Elm Avenue",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

FIRST_NAMES = (
    "Ruth", "Owen", "Martha", "Daniel", "Priya", "Tomas", "Helen", "Victor", "Selin", "Ines", "Felix", "Aisha",
    "Gerald", "Sandra", "Margaret", "Simon", "Tessa", "Anil", "Jenna", "Maria", "Alan", "Derek", "Denise", "Ken",
    "Jo", "Nadia", "Callum", "Rosa", "Imran", "Eleanor", "Farid", "Hannah", "Joel", "Kirsty", "Luis", "Miriam",
    "Nikhil", "Orla", "Pavel", "Rachel", "Samir", "Thea", "Usha", "Wendell", "Yusuf", "Zofia", "Bridget",
    "Conrad", "Delia", "Emeka", "Fiona", "Gustav", "Hollis", "Ingrid", "Jasper", "Kofi", "Leona", "Mateo",
    "Noor", "Oscar", "Petra", "Quentin", "Rhiannon", "Stellan", "Tamsin", "Ulrich", "Vesna", "Wilma", "Xavier",
    "Yara", "Amara", "Benedict", "Clara", "Dmitri", "Esther", "Florian", "Greta", "Hamish", "Irene", "Jonah",
)
SURNAMES = (
    "Calder", "Pike", "Quill", "Okafor", "Nandakumar", "Ferreira", "Marsh", "Lindqvist", "Arvas", "Marvaux",
    "Harwood", "Brennan", "Pim", "Kell", "Hale", "Okonjo", "Tate", "Sandhu", "Mehta", "Ruiz", "Esquivel",
    "Brisco", "Ames", "Faucher", "Adler", "Abernethy", "Ashdown", "Belcourt", "Carrick", "Dunmore", "Ellery",
    "Fairlie", "Garside", "Hollings", "Ibbotson", "Jarrow", "Keane", "Lomax", "Maddox", "Nettleton", "Ormerod",
    "Pennock", "Quarrie", "Redfern", "Stannard", "Thwaite", "Underhill", "Varga", "Wexley", "Yeadon", "Zeller",
    "Achebe", "Bakshi", "Castellano", "Delacroix", "Engstrom", "Fonseca", "Grieve", "Haddad", "Iqbal", "Jovanovic",
    "Kowalczyk", "Larkin", "Moreau", "Novak", "Oyelaran", "Petrakis", "Quintero", "Rasmussen", "Sato", "Tiernan",
    "Ulloa", "Vance", "Whitlock", "Yilmaz", "Zamora", "Aldous", "Birkett", "Coulter", "Drabble", "Eastwood",
    "Fenwick", "Gilmour", "Hargreaves", "Ingleby", "Judd", "Kettle", "Lightfoot", "Mallory", "Norrie", "Oakes",
)
AGENCIES = ("AFP", "Reuters", "AP", "DPA", "EFE", "ANSA", "PA")
AGENCY_CREDITS = {
    "AFP": "AFP", "Reuters": "Reuters", "AP": "AP Photo", "DPA": "dpa", "EFE": "EFE", "ANSA": "ANSA",
    "PA": "PA Media",
}

COMPANY_HEADS = ("Calder", "Halvern", "Korvath", "Norrland", "Ostrava", "Brightwater", "Greyfell", "Ironside",
                 "Kestrel", "Larchmont", "Meridian", "Northstar", "Pellucid", "Redstone", "Silverline", "Tidewell",
                 "Umber", "Vantage", "Westmark", "Alder")
COMPANY_KINDS = ("Maritime Group", "Energy", "Foods", "Logistics", "Rail", "Water", "Pharmaceuticals", "Steel",
                 "Telecom", "Motors", "Construction", "Semiconductors", "Airways", "Retail", "Holdings")
UNIONS = ("Dockers' Union", "Rail Workers' Federation", "Nurses' Association", "Teachers' Union",
          "Transport Workers' Union", "Postal Workers' Guild", "Steelworkers' Union", "Bus Drivers' Association")
PARTIES = ("Labour", "the Greens", "the Liberal Democrats", "the Conservatives", "the Civic Alliance",
           "the Independent Group", "the Farmers' Party", "the Social Democrats")
TEAMS_TAIL = ("Rovers", "Town", "City", "United", "Athletic", "Wanderers", "Albion", "Harriers", "Rangers")
OFFICIAL_ROLES = (
    "council leader", "cabinet member for transport", "mayor", "chief executive", "regional governor",
    "deputy mayor", "council spokesperson", "head of emergency planning", "transport minister",
    "health minister", "chair of the planning committee", "police superintendent",
)
EXPERT_ROLES = (
    "an economist at the University of {town}", "a professor of public policy at {town} University",
    "an analyst at {company}", "a senior fellow at the {town} Institute", "a hydrologist at the national weather service",
    "a former chief inspector of railways", "a researcher at the {town} Policy Centre",
    "a lecturer in law at {town} University", "director of the {region_title} Trust",
)
RESIDENT_JOBS = (
    "a retired teacher", "a café owner", "a bus driver", "a nurse", "a farmer", "a shop owner", "a student",
    "a parish councillor", "a mother of three", "a delivery driver", "a pensioner", "a carpenter",
    "a primary school teacher", "a volunteer firefighter", "a market trader",
)
AUTHOR_ROLES = ("Staff Writer", "Chief Reporter", "Local Democracy Reporter", "Business Editor",
                "Political Correspondent", "Health Correspondent", "Sports Reporter", "Education Reporter")

# Site furniture: words that appear on every page of a site and never in an article.
NAV_SECTIONS = ("News", "Local", "World", "Business", "Politics", "Sport", "Opinion", "Culture", "Science",
                "Health", "Education", "Travel", "Life", "Video", "Podcasts")
FOOTER_LINKS = ("About us", "Contact us", "Advertise", "Careers", "Privacy policy", "Cookie policy",
                "Terms of use", "Complaints", "Corrections", "Newsletters", "Accessibility", "Sitemap")
TEASER_SUBJECTS = (
    "Coastal towns brace for record spring tides", "Relief agency cuts food rations in eastern camps",
    "Former mayor jailed in bribery case", "Chipmaker to open plant in the north",
    "Fuel shortages spread as refinery stays shut", "Court blocks extradition of opposition blogger",
    "Passenger ferry runs aground, all aboard rescued", "Parliament votes to lower voting age to 16",
    "Glacier collapse cuts off mountain villages", "Football federation fined over stadium crush",
    "Bus route saved after county steps in", "Market traders win one-year rent freeze",
    "New headteacher named for primary school", "Planning row over riverside flats heads to appeal",
    "Bridge closure extended until August", "Festival line-up announced", "Hospital car park charges scrapped",
    "Water company fined over sewage spills", "Museum reopens after two-year refit",
    "Village shop saved by community buy-out", "Speed cameras to go up on ring road",
    "Rail fares to rise by 4% in March", "Wind farm plan wins approval", "Police appeal after jewellery raid",
    "Teachers vote to accept pay offer", "Airport expansion delayed again", "Library hours cut in budget squeeze",
    "Record number of tourists visit the coast", "Storm damage bill tops 20 million",
    "Lost dog found 40 miles from home", "Council tax to rise by 5%", "Hospital waiting lists fall for first time",
)
