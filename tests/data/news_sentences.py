"""Sentences in the styles of wire, broadcast, tabloid and machine-rewritten news copy,
each with what the rules engine must find in it. Written for these tests; not from the samples.

Keys: `text`; `style`; `actors` (names that must be listed, matched on words of a name or
alias); `not_actors` (names that must not be); `action` ([actor, target or None]);
`by` (who gives a justification); `claim` ({claimed_by, disputed_by, status}, each optional);
`kinds` ({name: kind}).
"""

SENTENCES: list[dict] = [
    # ---------------------------------------------------------------- wire: active, titles
    {
        "style": "wire",
        "text": "German Chancellor Olaf Scholz on Tuesday ordered a review of arms exports to Saudi Arabia.",
        "actors": ["Olaf Scholz"],
        "action": ["Olaf Scholz", None],
        "kinds": {"Olaf Scholz": "person"},
    },
    {
        "style": "wire",
        "text": "Microsoft sued the Federal Trade Commission last month over its blocking of the Activision deal.",
        "actors": ["Microsoft", "Federal Trade Commission"],
        "action": ["Microsoft", "Federal Trade Commission"],
        "kinds": {"Federal Trade Commission": "government"},
    },
    {
        "style": "wire",
        "text": "Brazilian President Luiz Inacio Lula da Silva signed a decree expanding protected areas in the Amazon.",
        "actors": ["Luiz Inacio Lula da Silva"],
        "not_actors": ["Brazilian"],
        "action": ["Lula da Silva", None],
    },
    {
        "style": "wire",
        "text": "Boeing fired the head of its 737 MAX program in March, the company said in a filing.",
        "actors": ["Boeing"],
        "action": ["Boeing", None],
    },
    {
        "style": "wire",
        "text": "The European Commission fined Google 2.4 billion euros in 2017 for abusing its dominance in online shopping searches.",
        "actors": ["European Commission", "Google"],
        "action": ["European Commission", "Google"],
        "by": "European Commission",
        "kinds": {"European Commission": "government", "Google": "organization"},
    },
    {
        "style": "wire",
        "text": "Japan's Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol in Seoul on Sunday.",
        "actors": ["Fumio Kishida", "Yoon Suk Yeol"],
        "action": ["Fumio Kishida", "Yoon Suk Yeol"],
    },
    {
        "style": "wire",
        "text": "Tesla recalled more than two million vehicles in the United States to fix a defective Autopilot system.",
        "actors": ["Tesla"],
        "action": ["Tesla", None],
        "by": "Tesla",
    },
    {
        "style": "wire",
        "text": "Argentina's central bank raised its benchmark interest rate to 118 percent on Thursday to curb soaring inflation.",
        "actors": ["central bank"],
        "action": ["central bank", None],
    },
    {
        "style": "wire",
        "text": "Pfizer agreed to buy Seagen for 43 billion dollars, the drugmaker said on Monday.",
        "actors": ["Pfizer", "Seagen"],
        "action": ["Pfizer", "Seagen"],
    },
    {
        "style": "wire",
        "text": "Israel's military said it struck Hamas targets in Gaza overnight in response to rocket fire.",
        "actors": ["Hamas"],
        "by": None,
    },
    # ---------------------------------------------------------------- passives with "by"
    {
        "style": "wire",
        "text": "The bill was passed by the Senate late on Friday after a marathon session.",
        "actors": ["Senate"],
        "action": ["Senate", None],
    },
    {
        "style": "wire",
        "text": "Twitter was acquired by Elon Musk in October 2022 for 44 billion dollars.",
        "actors": ["Twitter", "Elon Musk"],
        "action": ["Elon Musk", "Twitter"],
    },
    {
        "style": "broadcast",
        "text": "Last week, TikTok was banned on government phones by the Canadian government, citing security risks.",
        "actors": ["TikTok"],
        "action": ["Canadian government", "TikTok"],
    },
    {
        "style": "wire",
        "text": "The opposition leader Alexei Navalny was poisoned in 2020, and the Kremlin was accused by Western governments of ordering the attack.",
        "actors": ["Alexei Navalny", "Kremlin"],
    },
    {
        "style": "wire",
        "text": "Huawei was added to a trade blacklist by the U.S. Commerce Department in May 2019.",
        "actors": ["Huawei", "Commerce Department"],
        "action": ["Commerce Department", "Huawei"],
    },
    {
        "style": "tabloid",
        "text": "The star was sued by her former manager Jack Harlow, who claims he is owed millions.",
        "actors": ["Jack Harlow"],
        "claim": {"claimed_by": "Jack Harlow"},
    },
    # ---------------------------------------------------------------- reported speech
    {
        "style": "wire",
        "text": "Finance Minister Nirmala Sitharaman said the government would cut import duties on electronics.",
        "actors": ["Nirmala Sitharaman"],
        "action": ["Nirmala Sitharaman", None],
    },
    {
        "style": "broadcast",
        "text": "The White House said on Wednesday that President Joe Biden would travel to Poland next month.",
        "actors": ["White House"],
        "action": ["White House", None],
    },
    {
        "style": "wire",
        "text": "OpenAI has hired former Salesforce executive Bret Taylor as chairman, the startup announced on Tuesday.",
        "actors": ["OpenAI", "Bret Taylor"],
        "action": ["OpenAI", "Bret Taylor"],
    },
    {
        "style": "wire",
        "text": "Sony Corp said on Monday it would spin off its financial unit, sending its shares higher.",
        "actors": ["Sony Corp"],
        "action": ["Sony Corp", None],
    },
    {
        "style": "machine",
        "text": "Amazon mentioned in a submitting on Friday that it had laid off 9,000 extra employees.",
        "actors": ["Amazon"],
        "action": ["Amazon", None],
    },
    {
        "style": "wire",
        "text": "Ukraine's Defence Ministry reported that Russian forces shelled the city of Kharkiv overnight.",
        "actors": ["Defence Ministry"],
        "kinds": {"Defence Ministry": "government"},
        "action": ["Defence Ministry", None],
    },
    # ---------------------------------------------------------------- pronouns and descriptions
    {
        "style": "wire",
        "text": "Senator Elizabeth Warren criticised the merger on Monday. She urged regulators to block the deal.",
        "actors": ["Elizabeth Warren"],
        "action": ["Elizabeth Warren", None],
    },
    {
        "style": "wire",
        "text": "Samsung Electronics posted its lowest profit in 14 years. The company blamed weak demand for memory chips.",
        "actors": ["Samsung Electronics"],
        "action": ["Samsung Electronics", None],
    },
    {
        "style": "broadcast",
        "text": "Ofcom opened an investigation into the broadcaster GB News. The regulator said it had received dozens of complaints.",
        "actors": ["Ofcom", "GB News"],
        "action": ["Ofcom", "GB News"],
    },
    {
        "style": "wire",
        "text": "Italian Prime Minister Giorgia Meloni visited Kyiv on Tuesday. Meloni pledged continued military support.",
        "actors": ["Giorgia Meloni"],
        "action": ["Giorgia Meloni", None],
    },
    # ---------------------------------------------------------------- justifications
    {
        "style": "wire",
        "text": "Nigeria suspended Twitter indefinitely in June 2021, citing the platform's use to undermine the country's corporate existence.",
        "actors": ["Nigeria", "Twitter"],
        "action": ["Nigeria", "Twitter"],
        "by": "Nigeria",
    },
    {
        "style": "wire",
        "text": "Italy's privacy watchdog temporarily banned ChatGPT because of concerns over the mass collection of personal data.",
        "actors": ["ChatGPT"],
        "by": "privacy watchdog",
    },
    {
        "style": "broadcast",
        "text": "The airline cancelled hundreds of flights due to a strike by air traffic controllers, Ryanair said.",
        "actors": ["Ryanair"],
        "by": "Ryanair",
    },
    {
        "style": "wire",
        "text": "Iran expelled two German diplomats in response to the execution of a German-Iranian national, the foreign ministry said.",
        "actors": ["Iran"],
        "by": "foreign ministry",
    },
    {
        "style": "wire",
        "text": "Meta removed thousands of fake accounts in order to counter a coordinated influence campaign, the company said.",
        "actors": ["Meta"],
        "action": ["Meta", None],
        "by": "Meta",
    },
    {
        "style": "wire",
        "text": "Regulators fined Binance 4.3 billion dollars for failing to prevent money laundering on its platform.",
        "actors": ["Binance"],
        "by": None,
    },
    {
        "style": "broadcast",
        "text": "The government raised fuel prices as part of a push to cut the budget deficit, Finance Minister Kamal Ahmed said.",
        "actors": ["Kamal Ahmed"],
        "by": "Kamal Ahmed",
    },
    {
        "style": "machine",
        "text": "Poland closed its border crossing with Belarus, accusing Minsk of pushing migrants toward the frontier.",
        "actors": ["Poland"],
        "action": ["Poland", None],
        "by": "Poland",
    },
    {
        "style": "wire",
        "text": "Spokesman Stephane Dujarric said the decision was taken because the convoy could not be protected.",
        "actors": ["Stephane Dujarric"],
        "by": "Stephane Dujarric",
    },
    {
        "style": "wire",
        "text": "Beijing imposed export controls on gallium and germanium to protect national security, China's commerce ministry said.",
        "actors": ["commerce ministry"],
        "by": "commerce ministry",
    },
    {
        "style": "tabloid",
        "text": "Manchester United have sacked Erik ten Hag after a string of poor results, the club said.",
        "actors": ["Manchester United", "Erik ten Hag"],
        "action": ["Manchester United", "Erik ten Hag"],
    },
    # ---------------------------------------------------------------- denials and disputes
    {
        "style": "wire",
        "text": "The Kremlin denied any involvement in the cyberattack on Ukrainian banks.",
        "actors": ["Kremlin"],
        "claim": {"disputed_by": "Kremlin", "status": "denied"},
    },
    {
        "style": "wire",
        "text": "ByteDance has denied sharing user data with the Chinese government, despite reports suggesting otherwise.",
        "actors": ["ByteDance"],
        "claim": {"disputed_by": "ByteDance", "status": "denied"},
    },
    {
        "style": "broadcast",
        "text": "A spokesperson for Volkswagen rejected the allegations, calling them baseless.",
        "actors": ["Volkswagen"],
        "claim": {"status": "denied"},
    },
    {
        "style": "wire",
        "text": "Rwanda has repeatedly denied backing the M23 rebels, although United Nations experts say they have evidence of it.",
        "actors": ["Rwanda"],
        "claim": {"disputed_by": "Rwanda", "status": "denied"},
    },
    {
        "style": "tabloid",
        "text": "The singer's representatives dismissed the report as completely false.",
        "claim": {"status": "denied"},
    },
    {
        "style": "wire",
        "text": "Exxon Mobil disputed the findings of the study, which said the company had known about climate risks for decades.",
        "actors": ["Exxon Mobil"],
        "claim": {"disputed_by": "Exxon Mobil"},
    },
    # ---------------------------------------------------------------- hedges and attribution
    {
        "style": "wire",
        "text": "According to the Wall Street Journal, Apple is developing its own search engine.",
        "actors": ["Wall Street Journal", "Apple"],
        "action": ["Wall Street Journal", None],
    },
    {
        "style": "broadcast",
        "text": "According to the Interior Ministry, the protesters attacked police officers first.",
        "actors": ["Interior Ministry"],
        "claim": {"claimed_by": "Interior Ministry", "status": "unverified"},
    },
    {
        "style": "tabloid",
        "text": "The billionaire reportedly spent 80 million dollars on the yacht, which has two helipads.",
        "claim": {"status": "unverified"},
    },
    {
        "style": "wire",
        "text": "The suspect allegedly transferred classified files to a foreign intelligence officer.",
        "claim": {"status": "unverified"},
    },
    {
        "style": "broadcast",
        "text": "Critics argued that the new law would give the police sweeping powers to detain protesters.",
        "claim": {"claimed_by": "critics", "status": "unverified"},
    },
    {
        "style": "wire",
        "text": "Human rights groups have called the election a sham designed to extend the general's rule.",
        "claim": {"claimed_by": "Human rights groups", "status": "unverified"},
    },
    {
        "style": "machine",
        "text": "In keeping with Bloomberg, Nvidia plans to construct a brand new chip manufacturing facility in Vietnam.",
        "actors": ["Nvidia"],
    },
    {
        "style": "wire",
        "text": "Greenpeace claimed that the oil spill had killed thousands of seabirds, a figure the company disputes.",
        "actors": ["Greenpeace"],
        "claim": {"claimed_by": "Greenpeace"},
    },
    {
        "style": "wire",
        "text": "Hungarian Prime Minister Viktor Orban insisted that the sanctions had failed to weaken Russia.",
        "actors": ["Viktor Orban"],
        "claim": {"claimed_by": "Viktor Orban"},
    },
    {
        "style": "broadcast",
        "text": "Activists say the dam was built in an effort to divert water away from downstream farmers, Ethiopia's water minister Seleshi Bekele said.",
        "actors": ["Seleshi Bekele"],
    },
    # ---------------------------------------------------------------- alias merging and kinds
    {
        "style": "wire",
        "text": "Rosneft, Russia's largest oil producer, signed a supply deal with Indian Oil Corporation (IOC). IOC will receive six million tonnes.",
        "actors": ["Rosneft", "Indian Oil Corporation"],
        "action": ["Rosneft", "Indian Oil Corporation"],
        "same": ["Indian Oil Corporation", "IOC"],
    },
    {
        "style": "wire",
        "text": "Russian President Vladimir Putin signed the law on Friday. Putin had promised the measure in his annual address.",
        "actors": ["Vladimir Putin"],
        "same": ["Vladimir Putin", "Putin"],
        "action": ["Vladimir Putin", None],
    },
    {
        "style": "wire",
        "text": "Washington imposed new sanctions on Iranian oil exports on Thursday, and the United States warned shipping firms to comply.",
        "actors": ["United States"],
        "same": ["United States", "Washington"],
    },
    {
        "style": "wire",
        "text": "The Federal Bureau of Investigation (FBI) arrested the suspect in Ohio. The FBI said he acted alone.",
        "actors": ["Federal Bureau of Investigation"],
        "same": ["Federal Bureau of Investigation", "FBI"],
        "not_actors": ["Ohio"],
        "kinds": {"Federal Bureau of Investigation": "government"},
    },
    {
        "style": "broadcast",
        "text": "Users flocked to the Bluesky app after the outage, and Bluesky added a million accounts in a day.",
        "actors": ["Bluesky"],
        "kinds": {"Bluesky": "organization"},
    },
    {
        "style": "wire",
        "text": "Chinese authorities detained the activist in Shanghai on Tuesday, and China later confirmed the arrest.",
        "actors": ["China"],
        "same": ["China", "Chinese authorities"],
        "not_actors": ["Shanghai"],
        "kinds": {"China": "government"},
    },
    {
        "style": "wire",
        "text": "French officials held talks with Morocco in Rabat on Monday about migration.",
        "not_actors": ["French", "Rabat"],
    },
    {
        "style": "wire",
        "text": "The European Commission opened a probe into the deal. The Commission said it would decide by June.",
        "same": ["European Commission", "Commission"],
        "action": ["European Commission", None],
    },
    {
        "style": "wire",
        "text": "Critics say the ministry inflated the figures, a claim government officials rejected.",
        "claim": {"claimed_by": "critics", "disputed_by": "government officials", "status": "denied"},
    },
    {
        "style": "tabloid",
        "text": "Coach Sarah Lund insisted the squad was picked on form and denied any rift with the captain.",
        "actors": ["Sarah Lund"],
        "claim": {"disputed_by": "Sarah Lund", "status": "denied"},
    },
    {
        "style": "wire",
        "text": "Georgian Dream won the vote, but the opposition alleges the election was rigged.",
        "claim": {"claimed_by": "opposition", "status": "contested"},
    },
    # ---------------------------------------------------------------- relative dates and bylines
    {
        "style": "wire",
        "text": "NAIROBI (Reuters) - Kenya's parliament on Tuesday approved a finance bill that raises taxes on fuel.",
        "actors": ["parliament"],
        "not_actors": ["NAIROBI", "Reuters"],
        "action": ["parliament", None],
    },
    {
        "style": "wire",
        "text": "By Anna Smith\nThe Bank of England cut interest rates on Thursday for the first time in four years.",
        "actors": ["Bank of England"],
        "not_actors": ["Anna Smith"],
        "action": ["Bank of England", None],
    },
    {
        "style": "broadcast",
        "text": "Photo: John Lee/Reuters\nEarlier this week, Spotify laid off 1,500 workers, chief executive Daniel Ek said.",
        "actors": ["Spotify"],
        "not_actors": ["John Lee"],
        "action": ["Spotify", None],
    },
    {
        "style": "tabloid",
        "text": "Prince Harry slammed the newspaper's publisher in court yesterday, accusing it of hacking his phone.",
        "actors": ["Prince Harry"],
        "action": ["Prince Harry", None],
        "by": "Prince Harry",
    },
    {
        "style": "machine",
        "text": "The corporate introduced on Wednesday that Intel will make investments 20 billion {dollars} in two new factories in Arizona.",
        "actors": ["Intel"],
        "action": ["Intel", None],
    },
]
