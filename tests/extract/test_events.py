"""Event detection: PLOVER type, source and target read from the parse, one event per trigger."""

import pytest

from dossier.annotate import load_pipeline
from dossier.extract.events import extract_events
from dossier.extract.triggers import lexicon, parse_roles
from dossier.records import EVENT_TYPES

from support import analyse_text


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _events(nlp, text):
    return extract_events(nlp(text), "doc")


def _triples(events):
    return {(e.type, e.source, e.target) for e in events}


# sentence -> (type, source, target) triples that must be found, and event types that must not be
CASES = [
    # REQUEST: the asker is the source, the one asked the target
    ("Iran has requested long-range radars from Russia.", [("REQUEST", "IRN", "RUS")], []),
    ("Syria asked China for anti-ship missiles.", [("REQUEST", "SYR", "CHN")], []),
    # a purchase or receipt someone seeks is a request to the supplier, not a transfer
    ("Egypt is seeking to buy more fighter jets from France.", [("REQUEST", "EGY", "FRA")], ["AGREE"]),
    ("Iran is leveraging its position to obtain Russian air defence systems.", [("REQUEST", "IRN", "RUS")], ["AID"]),
    ("Tehran is looking to Russian technology such as S-400 batteries.", [("REQUEST", "IRN", "RUS")], []),
    ("Analysts are looking to the summit for signs of progress.", [], ["REQUEST"]),
    ("Tehran is expected to seek Beijing's help to rebuild its navy.", [("REQUEST", "IRN", "CHN")], []),
    ("China has been pressing Pakistan for access to the port.", [("REQUEST", "CHN", "PAK")], []),
    ("Two Iranian officials confirmed that Tehran had asked Moscow for fighter jets.",
     [("REQUEST", "IRN", "RUS")], []),
    ("Egypt said that Sudan must withdraw its troops.", [("REQUEST", "EGY", "SDN"), ("RETREAT", "SDN", None)], []),
    # AID: the giver is the source, the receiver the target, in every voice and construction
    ("North Korea has supplied Russia with artillery shells.", [("AID", "PRK", "RUS")], []),
    ("Belarus delivered ten trucks to Venezuela last year.", [("AID", "BLR", "VEN")], []),
    ("The S-400 batteries were delivered to Turkey by Russia in 2019.", [("AID", "RUS", "TUR")], []),
    ("Armenia received two radar systems from India.", [("AID", "IND", "ARM")], []),
    ("Serbia bought six drones from China.", [("AGREE", "CHN", "SRB")], ["AID"]),
    ("Turkey sold armed drones to Ukraine.", [("AID", "TUR", "UKR")], []),
    ("The drones that Iran supplied to Russia were used in Ukraine.", [("AID", "IRN", "RUS")], []),
    ("The delivery of the Su-35 jets to Iran has begun.", [("AID", "RUS", "IRN")], []),  # the maker supplies
    ("Russia delivered the jets to Iran in a $2bn contract.", [("AID", "RUS", "IRN"), ("AGREE", "RUS", "IRN")], []),
    # a denial of an event is that event (its factuality is set later), not a rejection
    ("Iran denies selling any missiles to Russia.", [("AID", "IRN", "RUS")], ["REJECT"]),
    ("Kuwait denied the report.", [("REJECT", "KWT", None)], []),
    ("Egypt refused to sell the jets to Libya.", [("REJECT", "EGY", "LBY")], []),
    ("Venezuela rejected a request from Colombia.", [("REJECT", "VEN", "COL")], ["REQUEST"]),
    ("Moscow is unlikely to refuse Tehran's requests for assistance.", [("REJECT", "RUS", "IRN")], []),
    # CONSULT and AGREE, reciprocal: the second party is the target
    ("President Vladimir Putin met Kim Jong Un in Vladivostok on Wednesday.",
     [("CONSULT", "person:vladimir-putin", "person:kim-jong-un")], []),
    ("Germany's foreign minister Annalena Baerbock visited Kyiv on Monday.",
     [("CONSULT", "person:annalena-baerbock", "UKR")], []),
    ("Turkey and Qatar held talks in Doha.", [("CONSULT", "TUR", "QAT")], []),
    ("The talks between Russia and Iran ended without a deal.", [("CONSULT", "RUS", "IRN")], []),
    ("India and Russia signed a defence agreement.", [("AGREE", "IND", "RUS")], []),
    ("Kazakhstan agreed to supply uranium to France.", [("AGREE", "KAZ", "FRA"), ("AID", "KAZ", "FRA")], []),
    ("Chinese and Russian warships held joint drills in the Sea of Japan.", [("COOPERATE", "CHN", "RUS")], []),
    # ACCUSE with conjoined accusers and a clause or 'of' complement
    ("US and British officials accused Iran of arming rebels in Yemen.",
     [("ACCUSE", "USA", "IRN"), ("AID", "IRN", None)], []),
    ("Ukrainian officials charged that Belarus had sent fuel to Russia.",
     [("ACCUSE", "UKR", "BLR"), ("AID", "BLR", "RUS")], []),
    ("Russia was accused by Ukraine of attacking civilians.", [("ACCUSE", "UKR", "RUS")], []),
    ("Russia condemned the killing of two Russian diplomats.", [("ACCUSE", "RUS", None), ("ASSAULT", None, "RUS")], []),
    # ASSAULT from verbs and nouns, possessives and support verbs
    ("Israel carried out a drone strike on Lebanon.", [("ASSAULT", "ISR", "LBN")], []),
    ("Azerbaijan's attack on Armenia drew wide condemnation.", [("ASSAULT", "AZE", "ARM")], []),
    ("A massive rocket attack on Israel was launched on Monday.", [("ASSAULT", None, "ISR")], []),
    ("Tensions rose after the killing of Hezbollah commander Fuad Shukr in Beirut.",
     [("ASSAULT", None, "person:fuad-shukr")], []),
    ("Iran's Supreme Leader Ali Khamenei ordered a missile strike on Israel.",
     [("ASSAULT", "person:ali-khamenei", "ISR")], []),
    ("Pakistan and Afghanistan clashed along the border.", [("ASSAULT", "PAK", "AFG")], []),
    # THREATEN, SANCTION, MOBILIZE, COERCE, SUPPORT
    ("China threatened to cut ties with Lithuania.", [("THREATEN", "CHN", "LTU"), ("SANCTION", "CHN", "LTU")], []),
    ("Iran warned Israel against any attack.", [("THREATEN", "IRN", "ISR")], []),
    ("Japan imposed new sanctions on North Korea.", [("SANCTION", "JPN", "PRK")], []),
    ("Ankara said it had expelled two Syrian diplomats.", [("SANCTION", "TUR", "SYR")], []),
    ("Canada suspended arms exports to Turkey.", [("SANCTION", "CAN", "TUR")], ["AID"]),
    ("Russia deployed troops to Belarus.", [("MOBILIZE", "RUS", "BLR")], []),
    ("Police arrested three Iranian nationals in Germany.", [("COERCE", None, "IRN")], []),
    ("Greece praised Cyprus for its efforts.", [("SUPPORT", "GRC", "CYP")], []),
    # the recipient of a receipt or purchase is its subject; the supplier comes from 'from' or the goods' origin
    ("LONDON — Russia has received shipments of Iranian missiles.", [("AID", "IRN", "RUS")], []),
    ("India deployed the Russian S-400 system, which it received this month.", [("AID", "RUS", "IND")], []),
    ("Ankara agreed to buy the Russian system in 2017 in a deal worth $2.5 billion.",
     [("AGREE", "RUS", "TUR")], ["AID"]),
    ("Egypt has ordered 30 more Rafale fighter jets from France.", [("AGREE", "FRA", "EGY")], ["REQUEST"]),
    ("Khamenei ordered a missile strike on Israel.", [], ["AGREE"]),
    ("Russian personnel had been trained in Iran.", [("AID", "IRN", "RUS")], []),
    # senses: a visitor welcomed is a visit (visitor > host), a decision welcomed is support
    ("Denmark welcomed President Vladimir Putin.", [("CONSULT", "person:vladimir-putin", "DNK")], ["SUPPORT"]),
    ("Taiwan welcomed the decision.", [("SUPPORT", "TWN", None)], ["CONSULT"]),
    # an announced plan of one's own is also a promise or a threat; a third party's forecast is not
    ("Finland will give Tanzania a grant.", [("AGREE", "FIN", "TZA"), ("AID", "FIN", "TZA")], []),
    ("Palestinian leaders said they would boycott the United States.", [("THREATEN", "PSE", "USA")], []),
    ("Nigeria will withdraw its force from Chad unless elections are held.", [("THREATEN", "NGA", "TCD")], []),
    ("Russia will probably attack Ukraine.", [("ASSAULT", "RUS", "UKR")], ["THREATEN"]),
    ("Syria said it will not accept any more refugees.", [("REJECT", "SYR", None)], ["AGREE"]),
    ("Palestinians and Israelis failed to reach agreement.", [("REJECT", "PSE", "ISR")], ["AGREE"]),
    ("Ukraine said on Saturday that Iran was lying.", [("ACCUSE", "UKR", "IRN")], []),
    # calling an act something condemnatory is an accusation; calling it something else is not
    ('Germany called the decision "extremely dangerous".', [("ACCUSE", "DEU", None)], []),
    ("Iran described the sanctions as illegal.", [("ACCUSE", "IRN", None)], []),
    ("China called the meeting productive.", [], ["ACCUSE"]),
    ("Russia called Iran on Monday.", [], ["ACCUSE"]),
    # telling someone to act is a request; telling someone something is not
    ("Washington has told Israel to avoid nuclear sites.", [("REQUEST", "USA", "ISR")], []),
    ("The minister told reporters that talks would resume.", [], ["REQUEST"]),
    # 'the two countries', 'both leaders': the last two parties of that kind named before
    ("Iran has supplied Russia with drones, and the two countries recently concluded an agreement.",
     [("AID", "IRN", "RUS"), ("AGREE", "IRN", "RUS")], []),
    ("Putin met Pezeshkian in Moscow. Both leaders signed a treaty.",
     [("AGREE", "person:vladimir-putin", "person:masoud-pezeshkian")], []),
    # an order of weapons is a purchase; an executive order is not
    ("India placed an order for 36 Rafale jets from France.", [("AGREE", "FRA", "IND")], []),
    ("Biden's executive order bans imports.", [], ["AGREE"]),
    # one's own plan stated by a verb of intention is a threat or a promise; a help one will not give, a refusal
    ("Ethnic Albanians have sworn to fight Macedonia.", [("THREATEN", "ALB", None), ("ASSAULT", "ALB", None)], []),
    ("Obama wants to attack Switzerland.", [("THREATEN", "person:barack-obama", "CHE")], []),
    ("Obama said he would not provide support to Israel.", [("REJECT", "person:barack-obama", "ISR")], ["AGREE"]),
    ("Iran wants to buy Su-35 jets from Russia.", [("REQUEST", "IRN", "RUS")], ["THREATEN", "AGREE"]),
    ("Iran is seeking to replace its ageing fleet of fighter aircraft with Russian-made Sukhoi jets.",
     [("REQUEST", "IRN", "RUS")], []),
    ("Egypt replaced its MiG-21s with Rafale jets from France.", [("AGREE", "FRA", "EGY")], []),
    ("The ministry will replace its old computers with new ones.", [], ["AGREE"]),
    ("Israel will evacuate all 21 settlements in the Gaza Strip.", [("RETREAT", "ISR", "PSE"), ("AGREE", "ISR", "PSE")], []),
    ("Russian troops prepared to attack Ukraine.", [("MOBILIZE", "RUS", "UKR"), ("ASSAULT", "RUS", "UKR")], ["THREATEN"]),
    # weapons launched at a target are an attack; a launch with no target is not
    ("Russia launched 120 drones at Kyiv overnight.", [("ASSAULT", "RUS", "UKR")], []),
    ("North Korea launched a ballistic missile on Tuesday.", [], ["ASSAULT"]),
    ("Syrian rebels engaged Filipino peacekeepers in a firefight.", [("ASSAULT", "SYR", None)], []),
    # an aid package is aid; the one warned against supplying is not the supplier
    ("The Pentagon announced a $1.2 billion military aid package for Ukraine.", [("AID", "org:pentagon", "UKR")], []),
    ("Lavrov warned the West against supplying long-range missiles to Kyiv.", [("AID", None, "UKR")], []),
    # conjoined parties of a directed act: one event each; a reciprocal act stays one event between them
    ("Denmark and the Netherlands pledged F-16 jets to Ukraine.", [("AID", "DNK", "UKR"), ("AID", "NLD", "UKR")], []),
    ("Russia supplied drones to Iran and Syria.", [("AID", "RUS", "IRN"), ("AID", "RUS", "SYR")], []),
    ("Kyiv has received F-16 jets from Denmark and the Netherlands.", [("AID", "DNK", "UKR"), ("AID", "NLD", "UKR")], []),
    # weapons that arrive are a delivery; a leader who arrives is a visit
    ("The first batch of Su-35 jets arrived in Iran last week.", [("AID", "RUS", "IRN")], ["CONSULT"]),
    ("Putin arrived in Tehran on Monday.", [("CONSULT", "person:vladimir-putin", "IRN")], ["AID"]),
    # a deal signed between two parties; a purchase under consideration has its buyer
    ("A deal for 12 Rafale jets was signed between Serbia and France.", [("AGREE", "FRA", "SRB")], []),  # seller first
    ("India is considering the purchase of Su-57 fighters from Russia.", [("AGREE", "RUS", "IND")], []),
    # an offer's recipient even when the parser makes it a second object; helping a party is aid
    ("Moscow had offered Tehran Su-35 jets in exchange for drones.", [("AID", "RUS", "IRN")], []),
    ("Russia was helping Iran with its space programme.", [("AID", "RUS", "IRN")], []),
    ("The rains helped the harvest.", [], ["AID"]),
    # technology shared or transferred is aid; intelligence shared is co-operation
    ("China will transfer technology to Pakistan.", [("AID", "CHN", "PAK")], []),
    ("Russia shares intelligence with Iran.", [("COOPERATE", "RUS", "IRN")], ["AID"]),
    ("The camp was attacked by Burundian militiamen armed with machetes.", [("ASSAULT", "BDI", None)], ["AID"]),
    # weapons used against a party are an attack, also through a relative pronoun; money used is not
    ("Azerbaijan bought Harop loitering munitions, which it used against Armenian forces in 2020.",
     [("AGREE", "ISR", "AZE"), ("ASSAULT", "AZE", "ARM")], []),  # the maker sells
    ("Iran used the money to build schools.", [], ["ASSAULT"]),
    # a possessive in a prepositional phrase is the nearest party, not the sentence's subject
    ("The United States imposed sanctions on Turkey's procurement agency over its purchase of Russian S-400 systems.",
     [("SANCTION", "USA", "TUR"), ("AGREE", "RUS", "TUR")], []),
    # a threat's target may be the one whose act would set it off; a declaration's demands are its issuer's
    ("Russia threatened to quit the talks if the United States deploys new missiles in Europe.",
     [("THREATEN", "RUS", "USA")], []),
    ("The Kurdistan Workers' Party issued a declaration demanding that Turkey release its leader.",
     [("REQUEST", "org:pkk", "TUR")], []),
    ("Russia vetoed a resolution demanding that Iran stop enrichment.", [("REQUEST", None, "IRN")], []),
    # sanctions named as what would or could follow are a threat, from the imposer or else the speaker
    ("A US official said that Belgrade could face US sanctions if it kept buying Russian arms.",
     [("THREATEN", "USA", "SRB")], []),
    ("The European Union said it stood ready to respond with further sanctions against Belarus.",
     [("THREATEN", "org:eu", "BLR")], []),
    ("Analysts said Iran could face sanctions.", [], ["THREATEN"]),
    ("The United States imposed sanctions on Turkey.", [("SANCTION", "USA", "TUR")], ["THREATEN"]),
    # a support verb lends its subject to the last of conjoined event nouns; aid prohibited is a sanction
    ("Vietnamese forces launched artillery, mortar and rocket fire against Kampuchean camps.",
     [("ASSAULT", "VNM", "KHM")], []),
    ("Germany banned arms exports to Saudi Arabia.", [("SANCTION", "DEU", "SAU")], ["COERCE"]),
    # a weapon as the subject of hitting or destroying is an attack by whoever its modifier names, aimed at
    # the one its object's apposition names
    ("A Houthi missile hit the Gibraltar Eagle, a US-owned bulk carrier, off the Yemeni coast.",
     [("ASSAULT", "org:houthis", "USA")], []),
    ("Israeli bulldozers destroyed the Palestinian houses.", [("COERCE", "ISR", "PSE")], ["ASSAULT"]),
    # weapons pledged or handed over are aid; an order shelved is a sanction; listing a group is one too
    ("Germany pledged four IRIS-T air defence systems to Ukraine.", [("AID", "DEU", "UKR")], ["AGREE"]),
    ("Germany pledged to help Ukraine.", [("AGREE", "DEU", "UKR")], []),
    ("Berlin has since promised three more IRIS-T SLM systems.", [("AID", "DEU", None)], ["AGREE"]),
    ("Washington promised Ukraine 16 HIMARS launchers.", [("AID", "USA", "UKR")], ["AGREE"]),
    ("Five Rafale jets landed at an air base in India on Wednesday.", [("AID", "FRA", "IND")], []),
    ("The plane landed in Moscow.", [], ["AID"]),
    ("Russia said its forces had destroyed four HIMARS launchers.", [("ASSAULT", "RUS", None)], ["COERCE"]),
    # weapons inducted, unloaded, flown in or brought along are a delivery; flying to a capital is a visit
    ("Pakistan's air force inducted its first batch of Chinese-built J-10C fighter jets.", [("AID", "CHN", "PAK")], []),
    ("Abu Dhabi was flying drones and ammunition to the RSF through Chad.", [("AID", "ARE", "org:rsf")], []),
    ("Williamson flew to Doha for the signing ceremony.", [("CONSULT", "person:gavin-williamson", "QAT")], ["AID"]),
    ("Russian military instructors arrived in Niger with an air defence system.", [("AID", None, "NER")], ["CONSULT"]),
    ("Ukrainian forces hit the ship with Neptune missiles.", [("ASSAULT", "UKR", None)], []),
    ("The ball hit the wall.", [], ["ASSAULT"]),
    ("King Salman paid a state visit to Beijing in March 2017.", [("CONSULT", "person:salman-bin-abdulaziz", "CHN")], []),
    ("Biden hosted Albanese at the White House.", [("CONSULT", "person:anthony-albanese", "person:joe-biden")], []),
    # an invitation is a visit to come, from the invited to the host
    ("Kim Jong Un invited Putin to visit North Korea.", [("CONSULT", "person:vladimir-putin", "person:kim-jong-un")], ["AGREE"]),
    # 'the kingdom', 'the country': the last state named before, not the subject of the clause
    ("Saudi Arabia wants drones. Washington had for years refused to sell the kingdom its own armed drones.",
     [("AID", "USA", "SAU")], []),
    ("Washington warned Indonesia. Its air chief said the country had dropped the plan.", [("SANCTION", "IDN", None)], []),
    # a pronoun with no antecedent in its sentence is the party coreference found before it
    ("France has moved in the same direction. In October, it signed a contract to supply Armenia with three radars.",
     [("AGREE", "FRA", "ARM"), ("AID", "FRA", "ARM")], []),
    # 'the country' as a subject: the last state a clause was about, not one named in passing
    ("Serbia's air force relies on ageing MiG-29s, including six jets donated by Russia and four more given by "
     "Belarus. The country took delivery of six Chinese CH-92A drones in 2020.", [("AID", "CHN", "SRB")], []),
    # 'the kingdom' is a state styled so, however far back: not the republic named last
    ("Saudi Arabia bought drones from China. Washington refused to sell the kingdom its own drones.",
     [("AID", "USA", "SAU"), ("REJECT", "USA", "SAU")], []),
    # forces, advisers and warships sent are deployed; a verb that steps up an act lends it its subject
    ("Russia sent military instructors to Mali.", [("MOBILIZE", "RUS", "MLI")], ["AID"]),
    ("Beijing has stepped up loans and aid to Suva.", [("AID", "CHN", "FJI")], []),
    ("The Nigerian air force intensified strikes on rebel camps in Chad.", [("ASSAULT", "NGA", "TCD")], []),
    # goods said to come from a party come from it, not from their maker; a party supplied is no goods
    ("The NASAMS systems promised by the United States will be delivered to Ukraine soon.",
     [("AID", "USA", "UKR")], []),
    ("Russian S-300 systems were delivered to Iran in 2016.", [("AID", "RUS", "IRN")], []),
    ("Ukrainian forces were supplied with Western tanks.", [("AID", None, "UKR")], []),
    # a purchase agreement signed with a party is bought from it
    ("Taiwan signed the purchase agreement with the United States in 2019.", [("AGREE", "USA", "TWN")], []),
    # an event noun a relative clause of its support verb describes takes that clause's parties
    ("Libya remains under an arms embargo that the UN Security Council imposed on Libya in 2011.",
     [("SANCTION", "org:unsc", "LBY")], []),
    ("The sanctions Washington imposed on Turkey in 2020 remain.", [("SANCTION", "USA", "TUR")], []),
    # a package that holds weapons is a supply; one of reforms is not
    ("The United States announced new military aid for Saudi Arabia. The package includes 44 THAAD launchers.",
     [("AID", "USA", "SAU")], []),
    ("The European Union agreed a package of reforms.", [], ["AID"]),
    # a diplomat ordered out is expelled
    ("Fiji ordered out New Zealand's acting high commissioner in December.", [("SANCTION", "FJI", "NZL")], ["REQUEST"]),
    # blame put on a party, tear gas fired at a crowd
    ("Washington put the blame on the Kosovo government.", [("ACCUSE", "USA", "XKX")], []),
    ("Police fired tear gas at protesters in Yerevan.", [("COERCE", None, "ARM")], ["ASSAULT"]),
    # territory handed back is a return (PLOVER's RETREAT, mode return)
    ("Armenia is to hand back the Kalbajar district to Azerbaijan by Nov 15.", [("RETREAT", "ARM", "AZE")], []),
    # sentences passed, fire returned, embassies opened
    ("A Chinese court sentenced two Canadians to prison.", [("COERCE", "CHN", "CAN")], []),
    ("Indian troops returned fire at Pakistani positions.", [("ASSAULT", "IND", "PAK")], []),
    ("Armenia opened its first embassy in Israel.", [("COOPERATE", "ARM", "ISR")], []),
    # ties cut, agreements torn up, diplomats declared unwelcome
    ("Saudi Arabia cut diplomatic and transport links with Qatar.", [("SANCTION", "SAU", "QAT")], []),
    ("Niger tore up a military cooperation agreement with the United States.", [("SANCTION", "NER", "USA")], []),
    # an attack, deployment or withdrawal that names no target is aimed at the state where it happens
    ("Israel has struck targets in Syria repeatedly since 2011.", [("ASSAULT", "ISR", "SYR")], []),
    ("China's military staged its largest-ever exercises around Taiwan.", [("MOBILIZE", "CHN", "TWN")], []),
    ("France would pull its troops out of Mali.", [("RETREAT", "FRA", "MLI")], []),
    ("Turkish police dispersed a rally in Ankara.", [("COERCE", "TUR", None)], []),  # never its own state
    ("Israeli missiles struck Aleppo international airport on Tuesday.", [("ASSAULT", "ISR", "SYR")], []),  # places.tsv
    ("Russian forces shelled Kharkiv overnight.", [("ASSAULT", "RUS", "UKR")], []),
    # a verb with a particle of its own is another verb
    ("Washington will probably end up supplying ATACMS missiles to Ukraine.", [("AID", "USA", "UKR")], ["SANCTION"]),
    ("The jets are now earmarked for Iran.", [("AID", None, "IRN")], []),
    # a sale of weapons approved is a supply allowed (AID, expected); other approvals are agreements
    ("The State Department approved a possible sale to Taiwan of 66 F-16 jets.",
     [("AID", "org:state-department", "TWN")], ["AGREE"]),
    ("Parliament approved the budget.", [], ["AID"]),
    ("It was the first seizure of Iranian weapons bound for the Houthis.", [("AID", "IRN", "org:houthis")], []),
    ("A cargo ship bound for Syria sank.", [], ["AID"]),
    ("The missiles supplied by Iran were fired at Kyiv.", [("AID", "IRN", None)], []),
    ("Cairo had quietly shelved the order.", [("SANCTION", "EGY", None)], []),
    ("The United States designated the Houthis a terrorist group.", [("SANCTION", "USA", "org:houthis")], []),
    # a gerund the parser hung on its object is still the denied act; 'the two' are the last two named
    ("Iran has repeatedly denied supplying weapons to the Houthis.", [("AID", "IRN", "org:houthis")], []),
    ("Putin met Lukashenko on Friday, and the two agreed on a new gas price.",
     [("AGREE", "person:vladimir-putin", "person:alexander-lukashenko")], []),
    # a call between leaders is a consultation; a noun 'during' an act takes the act's doer
    ("Putin complained about the drones during a telephone call with Erdogan.",
     [("CONSULT", "person:vladimir-putin", "person:recep-tayyip-erdogan")], []),
    ("Shoigu spoke to Khrenin on Monday.", [("CONSULT", "person:sergei-shoigu", "person:viktor-khrenin")], []),
    # a clause a noun takes keeps its own subject: a perfect 'had sent' is no participle modifying 'report'
    ("Belarus denied a report that it had sent two Iskander-M launchers to Russia.", [("AID", "BLR", "RUS")], []),
    ("Moscow rejected claims that North Korea has supplied missiles to Russia.", [("AID", "PRK", "RUS")], []),
    # trainees who train abroad are given the training by the state where they train
    ("About 40 Thai sailors had already finished training in China.", [("AID", "CHN", "THA")], []),
    ("Russia trained the Vietnamese crews.", [("AID", "RUS", "VNM")], []),
    # a deal that names no counterpart is made with the other party of the transfer it is for
    ("KAI signed a deal in 2023 to supply 18 FA-50s to Malaysia.", [("AGREE", "org:kai", "MYS")], []),
    # the one sold to, hung by the parser on the goods before their number
    ("Japan agreed in 2020 to sell the Philippines four air-surveillance radars.", [("AID", "JPN", "PHL")], []),
    # aid paused or halted is a sanction on the one it was for
    ("Russia halted deliveries to Armenia.", [("SANCTION", "RUS", "ARM")], []),
    # goods a later sentence takes up are ordered as weapons are; a command to act is no order of goods
    ("Egypt bought four Type 209 submarines from Germany. Cairo ordered the first two boats from Germany in 2011.",
     [("AGREE", "DEU", "EGY")], ["REQUEST"]),
    # a discontinued contract is aimed at the maker of what it was for; blocked shipments at where they come from
    ("Canberra tore up a 2016 contract for 12 French conventional submarines.", [("SANCTION", "AUS", "FRA")], []),
    ("China blocked canola seed shipments from two major Canadian exporters.", [("SANCTION", "CHN", "CAN")], []),
    # diplomats withdrawn and relations lowered are diplomatic sanctions, not a military retreat
    ("The UAE said it would withdraw its diplomats from Lebanon.", [("SANCTION", "ARE", "LBN")], ["RETREAT"]),
    ("Riga would lower its relations with Moscow.", [("SANCTION", "LVA", "RUS")], []),
    # 'the four countries': the list of that many named together before, each its own event; no list, no guess
    ("Saudi Arabia, the UAE, Bahrain and Egypt accuse Qatar of funding militants. The four countries cut "
     "diplomatic ties with Qatar on June 5.", [("SANCTION", "SAU", "QAT"), ("SANCTION", "EGY", "QAT")], []),
    # a person who speaks for a body acts for it; a person acted upon stays that person
    ("NATO spokesperson Oana Lungescu called Russia's nuclear rhetoric \"dangerous\".", [("ACCUSE", "org:nato", "RUS")], []),
    ("Israel killed Hamas political leader Ismail Haniyeh in Tehran.",
     [("ASSAULT", "ISR", "person:ismail-haniyeh")], []),
    # a warning of what the warner's own side will do is a threat (of another's, a report: below)
    ("Putin warned that Russia would hit targets in Ukraine.", [("THREATEN", "person:vladimir-putin", "UKR")], []),
    # solidarity and standing with are support; shuttling between capitals is mediation
    ("The European Commission expressed its solidarity with Spain.", [("SUPPORT", "org:european-commission", "ESP")], []),
    ("The United States stood with Czechia.", [("SUPPORT", "USA", "CZE")], []),
    ("The emir of Kuwait shuttled between Riyadh and Doha.", [("CONSULT", "KWT", "QAT")], []),
    # a state's body named bare is the state the dateline files from, else the one the text names most
    ("NIAMEY, July 31 (Test Wire) - The junta on Monday arrested Mohamed Bazoum.",
     [("COERCE", "NER", "person:mohamed-bazoum")], []),
    ("Sudan's army seized power in Sudan on Monday. Sudan has been ruled by generals. Security forces detained "
     "Abdalla Hamdok.", [("COERCE", "SDN", "person:abdalla-hamdok")], []),
    # an offer of money is financing; an offer of weapons is a supply to come, whether the weapons are
    # its object, its 'of' phrase or the noun it describes
    ("Japan offered Vietnam a loan of $300 million.", [("AID", "JPN", "VNM")], ["AGREE"]),
    ("Baku offered to pay compensation to Russia.", [("AID", "AZE", "RUS")], ["AGREE"]),
    ("Bulgaria is weighing offers of new Gripen jets from Sweden.", [("AID", "SWE", None)], ["AGREE"]),
    ("The cabinet picked the F-16 over Gripen jets offered by Sweden.", [("AID", "SWE", None)], ["AGREE"]),
    ("Russia offered to host the talks.", [("AGREE", "RUS", None)], ["AID"]),
    # a deal signed by one party alone for a system made by another: the signer buys
    ("Egypt signed a deal worth about 5.2 billion euros for 24 Rafale fighter jets.", [("AGREE", "FRA", "EGY")], []),
    ("Russia signed a deal for 24 Su-35 jets.", [("AGREE", "RUS", None)], []),
    # a weapon fired at no one is a show of force; fired at someone, an attack
    ("North Korea fired a Hwasong-18 missile on Thursday.", [("MOBILIZE", "PRK", None)], ["ASSAULT"]),
    ("The Houthis fired missiles at Riyadh on Monday.", [("ASSAULT", "org:houthis", "SAU")], ["MOBILIZE"]),
    # visits due, troops crossing, envoys recalled
    ("Nazarbayev is due in Moscow for the Victory Day parade.", [("CONSULT", "person:nursultan-nazarbayev", "RUS")], []),
    ("The shipment is due in Iran next month.", [], ["CONSULT"]),
    ("Kenyan troops first crossed into Somalia in October 2011.", [("MOBILIZE", "KEN", "SOM")], []),
    ("Hours later Rabat recalled Benyaich for consultations.", [("SANCTION", "MAR", None)], []),
    # what a party lacks or needs happened nowhere
    ("Washington said the Thai air force lacked the training needed to fly the jets.", [], ["AID"]),
    # a source's anonymity asked for is no request
    ("A Mexican official who asked not to be named said the talks would resume.", [], ["REQUEST"]),
    # negatives: a warning that reports, weapons named after events, no party, no event at all
    ("Washington warned that Moscow would retaliate.", [], ["THREATEN"]),
    ("Russian attack helicopters flew over the city.", [], ["ASSAULT"]),
    ("Regional cooperation remains a priority for the bloc.", [], ["COOPERATE"]),
    ("Analysts said the market would recover.", [], list(EVENT_TYPES)),
    ("The weather was calm in Tehran on Friday.", [], list(EVENT_TYPES)),
]


@pytest.mark.parametrize("text, expected, absent", CASES, ids=[case[0][:40] for case in CASES])
def test_events(nlp, text, expected, absent):
    events = _events(nlp, text)
    found = _triples(events)
    for triple in expected:
        assert triple in found, f"{triple} not in {sorted(found, key=str)}"
    assert not {e.type for e in events} & set(absent), [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize("text, trigger, mode, context", [
    ("Iran has supplied Russia with military drones.", "supplied", "military", ["military"]),
    ("The United States provided Ukraine with artillery shells.", "provided", "military", ["military"]),
    ("Putin met Erdogan in Sochi.", "met", "meet", ["diplomatic"]),
    ("Russia deployed troops to Belarus.", "deployed", "troops", ["military"]),
])
def test_mode_and_context(nlp, text, trigger, mode, context):
    event = next(e for e in _events(nlp, text) if e.trigger.text == trigger)
    assert (event.mode, event.context) == (mode, context)


@pytest.mark.parametrize("text, expected", [
    # a later mention that leaves a party out takes it from the transfer the text is about
    ("Russia agreed to sell S-300 systems to Iran. The first components were delivered in April.",
     [("AGREE", "RUS", "IRN"), ("AID", "RUS", "IRN")]),
    ("Russia supplied S-400 systems to India. India signed a contract for five more.",
     [("AID", "RUS", "IND"), ("AGREE", "RUS", "IND")]),
    ("Denmark pledged to give F-16 jets to Ukraine. Denmark would donate 19 F-16s.",
     [("AID", "DNK", "UKR"), ("AID", "DNK", "UKR")]),
    ("North Korea shipped shells to Russia. Moscow is likely to seek further deliveries.",
     [("AID", "PRK", "RUS"), ("REQUEST", "RUS", "PRK")]),
])
def test_parties_from_the_transfer_named_before(nlp, text, expected):
    found = [(e.type, e.source, e.target) for e in _events(nlp, text) if e.type in {"AID", "AGREE", "REQUEST"}]
    assert all(triple in found for triple in expected), found


@pytest.mark.parametrize("text, expected, absent", [
    # a definite event noun with no party of its own stands for the event of its type told before
    ("China demanded that the Philippines remove the ship. Manila rejected the demand the same day.",
     ("REJECT", "PHL", "CHN"), None),
    ("Thailand asked the United States for F-35 jets. In May, Washington turned the request down.",
     ("REJECT", "USA", "THA"), None),
    # an answer is never aimed at its own side, whatever event of the type was told last
    ("Somalia and Ethiopia signed an agreement in Ankara. Mogadishu rejected the deal.", None, ("REJECT", "SOM", "SOM")),
    # a noun that names its own party keeps it; an indefinite one points nowhere
    ("China demanded that the Philippines remove the ship. Manila rejected a demand from Vietnam.",
     ("REJECT", "PHL", "VNM"), ("REJECT", "PHL", "CHN")),
    # a relative clause's head is its verb's object, definite or not, and may be the event itself
    ("Ukraine asked Germany for Taurus missiles in May, a request Berlin has so far turned down.",
     ("REJECT", "DEU", "UKR"), None),
])
def test_a_definite_event_noun_points_back(nlp, text, expected, absent):
    found = _triples(_events(nlp, text))
    assert expected is None or expected in found, found
    assert absent is None or absent not in found, found


@pytest.mark.parametrize("text, expected", [
    # a noun of any act ('the decision', 'the move') stands for the last act told just before
    ("The United States approved the sale of 40 F-16 jets to Turkey on Friday. "
     "Turkey's foreign ministry welcomed the decision.", ("SUPPORT", "TUR", "USA")),
    # ... by someone other than the one who answers
    ("Turkey expelled the Dutch ambassador on Monday. President Erdogan welcomed the move.",
     ("SUPPORT", "person:recep-tayyip-erdogan", None)),
    # 'it' as the answer's object (never its own clause's subject) stands for the act told before
    ("Belarus forced a Ryanair jet to land in Minsk on Sunday. US Secretary of State Antony Blinken condemned it "
     "as a shocking act.", ("ACCUSE", "person:antony-blinken", "BLR")),
    # ... and only just before: three sentences back is too far
    ("The United States approved the sale of 40 F-16 jets to Turkey on Friday. Greece held elections. "
     "Parliament met. Prices rose. Turkey's foreign ministry welcomed the decision.", ("SUPPORT", "TUR", None)),
    # the act told before needs only a doer: an order to a state company of the doer's own is an act
    ("Maduro presented a new map and ordered the state oil company PDVSA to issue licences. Guyanese President "
     "Irfaan Ali called the moves \"a direct threat\" to Guyana.", ("ACCUSE", "person:irfaan-ali", "person:nicolas-maduro")),
    # a welcome is no decision: 'hailed the F-35 decision' answers the approval, not Turkey's welcome of another
    ("The State Department approved the sale of F-35 jets to Greece on Friday. Turkey's foreign ministry welcomed "
     "a separate approval. In Athens, Prime Minister Kyriakos Mitsotakis hailed the decision.",
     ("SUPPORT", "person:kyriakos-mitsotakis", "org:state-department")),
])
def test_an_answer_to_a_retold_act_is_aimed_at_its_doer(text, expected):
    found = _triples(analyse_text(text, vetted=False).events)
    assert expected in found, found


def test_no_body_named_bare_without_a_home_state(nlp):
    assert _triples(_events(nlp, "The junta on Monday arrested Mohamed Bazoum.")) == {
        ("COERCE", None, "person:mohamed-bazoum")}


def test_each_conjoined_party_gets_the_weapons_and_date():
    events = analyse_text("Denmark and the Netherlands pledged 19 F-16 jets to Ukraine in August.").events
    assert [(e.source, [w.system for w in e.weapons], e.date.start) for e in events] == [
        ("DNK", ["F-16"], "2024-08"), ("NLD", ["F-16"], "2024-08")]
    assert [e.others for e in events] == [["NLD"], ["DNK"]]
    assert len({e.id for e in events}) == 2


def test_one_event_between_conjoined_parties_of_a_reciprocal_act(nlp):
    assert _triples(_events(nlp, "Iran and Russia signed a treaty.")) == {("AGREE", "IRN", "RUS")}


def test_a_reciprocal_act_of_a_pair_is_never_aimed_at_its_own_side():
    text = ("Russian President Vladimir Putin visited Mongolia on Tuesday. The two governments also signed "
            "agreements on supplies of Russian aviation fuel.")
    assert ("AGREE", "RUS", "MNG") in _triples(analyse_text(text, vetted=False).events)


@pytest.mark.parametrize("text, expected", [
    ("Russia and Estonia ordered out each other's envoys on Monday.",
     {("SANCTION", "RUS", "EST"), ("SANCTION", "EST", "RUS")}),
    ("India and Canada each expelled six of the other's diplomats on Monday.",
     {("SANCTION", "IND", "CAN"), ("SANCTION", "CAN", "IND")}),
    ("Kyrgyzstan and Tajikistan fought on Friday. Both sides began withdrawing tanks from the frontier on Saturday.",
     {("RETREAT", "KGZ", "TJK"), ("RETREAT", "TJK", "KGZ")}),
])
def test_two_doers_acting_on_each_other_are_each_aimed_at_the_other(text, expected):
    assert expected <= _triples(analyse_text(text, vetted=False).events)


def test_two_doers_of_one_act_are_not_aimed_at_each_other():
    found = _triples(analyse_text("Denmark and the Netherlands pledged F-16 jets.", vetted=False).events)
    assert found == {("AID", "DNK", None), ("AID", "NLD", None)}


def test_a_speakers_second_act_is_not_read_inside_what_it_said():
    # the parser hangs 'accused' on 'change' inside the quote: the embassy accuses, in its own voice
    events = analyse_text("Russia's embassy in Canberra said on Thursday that the tanks \"will not change the "
                          "situation on the front\" and accused Australia of prolonging the bloodshed.",
                          vetted=False).events
    assert [(e.type, e.source, e.target, e.factuality) for e in events if e.type == "ACCUSE"] == [
        ("ACCUSE", "RUS", "AUS", "asserted")]


def test_no_party_carried_over_to_unrelated_events(nlp):
    events = _events(nlp, "Russia supplied drones to Iran. The talks ended. Japan condemned the attack.")
    assert [(e.type, e.source, e.target) for e in events if e.type != "AID"] == [("ACCUSE", "JPN", None)]


def test_ids_triggers_and_evidence_point_into_the_text(nlp):
    text = ("Iran has supplied Russia with drones. Israel carried out a strike on Iran. "
            "India and Russia signed a defence agreement.")
    events = extract_events(nlp(text), "d7")
    assert [e.id for e in events] == [f"d7:e{n}" for n in range(1, len(events) + 1)]
    assert [e.trigger.text for e in events] == ["supplied", "strike", "signed"]  # one event a trigger
    for event in events:
        assert text[event.trigger.start:event.trigger.end] == event.trigger.text
        evidence = event.evidence[0]
        assert evidence.document == "d7"
        assert text[evidence.start:evidence.end] == evidence.sentence
        assert evidence.start <= event.trigger.start < event.trigger.end <= evidence.end
        assert (event.factuality, event.date, event.weapons, event.attributions) == ("asserted", None, [], [])


@pytest.mark.parametrize("spec, expected", [
    ("subj>obj", (("subj",), ("obj",), False, frozenset())),
    ("subj>to,dative,obj", (("subj",), ("to", "dative", "obj"), False, frozenset())),
    ("from,obj>subj", (("from", "obj"), ("subj",), False, frozenset())),
    ("subj~with,between", (("subj",), ("with", "between"), True, frozenset())),
    ("up.subj>subj +src", (("up.subj",), ("subj",), False, frozenset({"+src"}))),
    ("subj>dative,obj !clause !event", (("subj",), ("dative", "obj"), False, frozenset({"!clause", "!event"}))),
    ("subj>comp.to,comp.subj absorb", (("subj",), ("comp.to", "comp.subj"), False, frozenset({"absorb"}))),
    ("from,origin>subj @weapon", (("from", "origin"), ("subj",), False, frozenset({"@weapon"}))),
])
def test_parse_roles(spec, expected):
    assert parse_roles(spec) == expected


@pytest.mark.parametrize("spec", ["subj", "subj>obj +always", "subj>Obj", "subj>comp.Y", "subj>obj @weapon @party"])
def test_parse_roles_refuses_what_it_does_not_know(spec):
    with pytest.raises(ValueError):
        parse_roles(spec)


def test_lexicon_covers_every_plover_type():
    lex = lexicon()
    assert {t.type for t in lex.triggers.values()} == set(EVENT_TYPES)
    assert {"hold", "launch", "carry"} <= lex.light
    assert all(t.pos in {"VERB", "NOUN", "ADJ", "AUX"} for t in lex.triggers.values())


@pytest.mark.parametrize("text, expected", [
    ("Japan pledged six new patrol vessels for the Vietnamese coast guard.", ("AID", "JPN", "VNM")),
    # a 'for' phrase names the recipient by its own words, not by a phrase hung on them
    ("Russia supplied weapons for use against Iran.", ("AID", "RUS", None)),
])
def test_goods_for_a_party_go_to_it(text, expected):
    assert _triples(analyse_text(text, vetted=False).events) == {expected}


def test_the_country_inside_a_phrase_is_the_state_named_before_not_the_subjects():
    text = ("The purchases are part of an effort by Vietnam to diversify its suppliers, which gathered pace after US "
            "President Barack Obama lifted a decades-old embargo on arms sales to the country.")
    assert ("CONCEDE", "person:barack-obama", "VNM") in _triples(analyse_text(text, vetted=False).events)


@pytest.mark.parametrize("text, expected", [
    ("The US embassy in Manila declined to comment.", set()),  # no one's demand refused
    ("Manila refused to accept the Chinese demand.", {("REJECT", "PHL", "CHN")}),
])
def test_declining_to_comment_refuses_no_one(text, expected):
    assert _triples(analyse_text(text, vetted=False).events) == expected
