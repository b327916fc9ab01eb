import csv, json
from pathlib import Path
C = Path('.')
S = Path('../../schemas')
CHK = '2026-12-01'

def header(name, extra=()):
    cols = [f['name'] for f in json.load(open(S / f'{name}.schema.json'))['fields']]
    return cols + [e for e in extra if e not in cols]

def write(name, rows, extra=()):
    cols = header(name, extra)
    with open(C / f'{name}.csv', 'w', newline='', encoding='utf-8') as h:
        w = csv.DictWriter(h, cols, lineterminator='\n')
        w.writeheader()
        for r in rows:
            unknown = set(r) - set(cols)
            assert not unknown, (name, unknown)
            w.writerow(r)

EXTRA = ('checked_on', 'source_kind')

PUBMED_MMS = 'https://pubmed.ncbi.nlm.nih.gov/26878676/'
OPINION_2017 = 'https://ecases.us/case/nysd/c5998464/federal-trade-commission-v-quincy-bioscience-holding-co'
TUSHNET_2017 = 'https://tushnet.blogspot.it/2017/10/ftc-loses-motion-to-dismiss-because.html'
ORDER_2019 = 'https://www.ecases.us/case/ca2/c8776154/ftc-v-quincy-bioscience-holding-co'
TUSHNET_2019 = 'https://tushnet.blogspot.com/2019/02/second-circuit-summarily-reverses-bad.html'
SYNOPSIS = 'http://www.prevagenoutlet.com/MMS/files/basic-html/page7.html'
FTC_BLOG = 'https://www.ftc.gov/news-events/blogs/business-blog/2017/01/prevagen-complaint-suggests-mindfulness-about-memory-claims'
FTC_ALERT = 'https://consumer.ftc.gov/consumer-alerts/2017/01/prevagens-fishy-brainpower-claims'
FDA_WL = 'http://www.fda.gov/ICECI/EnforcementActions/WarningLetters/2012/ucm324557.htm'
CONSUMERLAB = 'https://www.consumerlab.com/recalls/10373/warning-issued-to-memory-supplement-maker-for-unapproved-drug-ingredient-drug-claims-and-unreported-adverse-events/'
NEWHOPE = 'http://www.newhope.com/finance-amp-investment/fda-stings-brain-health-market-quincy-bioscience-warning-letter'
DOCKET = 'https://dockets.justia.com/docket/new-york/nysdce/1:2017cv00124/467289'
DKT45 = 'https://docs.justia.com/cases/federal/district-courts/new-york/nysdce/1:2017cv00124/467289/45'
DKT457 = 'https://docs.justia.com/cases/federal/district-courts/new-york/nysdce/1:2017cv00124/467289/457'
ORDER_DEC2024 = 'https://print.casetext.com/case/fed-trade-commn-v-quincy-bioscience-holding-co-24'
NYAG_2024 = 'http://nyag.pressoffice@ag.ny.gov/press-release/2024/attorney-general-james-wins-trial-against-quincy-bioscience-deceptive-and'
NYAG_2017 = 'http://100percentbronx.blogspot.com/search/label/A.G.%20Schneiderman%20and%20Federal%20Trade%20Commission%20File%20Lawsuit%20Against%20Major%20Dietary%20Supplement%20Maker%20That%20Marketed%20Fraudulent%20Memory%20Loss%20Pill%20To%20Seniors'
COMPLAINT_MIRROR = 'https://docsity.com/en/complaint-for-permanent-injunction-and-other-equitable-relief/9593993'
SUPPLYSIDE_DEC2024 = 'https://www.supplysidesj.com/supplement-regulations/prevagen-s-claims-curbed-but-new-york-attorney-general-s-monetary-demands-denied'
AAN_PUBMED = 'https://pubmed.ncbi.nlm.nih.gov/29282327'
AAN_NGC = 'https://jesse.tg/ngc-archive/summary/11328'
AAN_SCIENCEOPEN = 'https://www.scienceopen.com/document?id=5a8e144e-053d-4fc2-a513-3a1f456a9606'
COCHRANE_VIT = 'https://cochranelibrary.com/cdsr/doi/10.1002/14651858.CD011906.pub2/full/fr'

studies = [
 dict(study_id='madison-memory-2016',
  citation='Authors not seen on the page read. 2016. Effects of a Supplement Containing Apoaequorin on Verbal Learning in Older Adults in the Community (the Madison Memory Study). Adv Mind Body Med 30(1):4-11 (Winter 2016).',
  year=2016, design='randomized_trial', topic='memory_and_cognition',
  population='Community-dwelling adults aged 40 to 91 in Madison, Wisconsin, USA, who reported memory concerns themselves',
  sample_size=218,
  methods_summary='Participants were randomly assigned, double-blind, to apoaequorin (10 mg a day according to secondary accounts of the study report) or a matched placebo for 90 days, and took computerized cognitive tests (CogState) at baseline and at several points during the 90 days. The trial was run by the product\'s maker, Quincy Bioscience, whose president is one of the defendants.',
  measured='Nine computerized cognitive tasks according to the court records; the published abstract names two, the CogState International Shopping List (verbal learning) and its delayed-recall version',
  finding='The published abstract reports a statistically significant improvement in verbal learning and recall in the apoaequorin group during the 90 days and says the supplement was well tolerated. The court records describe the same trial differently: for the study population as a whole no statistically significant difference from placebo was seen on any of the nine tasks; the company then ran more than 30 post hoc analyses of subgroups (by AD8 screening score), most of which showed no significant difference, and a few positive results on single tasks in small subgroups were used in the marketing.',
  limitation='One trial, run and published by the company that sells the product. The whole-sample comparison, the fair test, showed no difference; the positive results come from subgroups chosen after the results were known and from many comparisons, where some \'significant\' results are expected by chance alone. The published abstract reports two of nine tasks, phrased as change within the apoaequorin group rather than the whole-sample comparison with placebo. Computerized test scores over 90 days are not the everyday memory the marketing promises.',
  limitation_families='',
  doi='', pmid='26878676',
  source_url=' ; '.join([PUBMED_MMS, TUSHNET_2019, TUSHNET_2017, SYNOPSIS]),
  unverified_fields='citation;methods_summary;pmid',
  checked_on=CHK, source_kind='primary'),
 dict(study_id='cochrane-vitamins-2018',
  citation='Cochrane Dementia and Cognitive Improvement Group review CD011906.pub2 (authors not seen on the page read). Vitamin and mineral supplementation for maintaining cognitive function in cognitively healthy people in mid and late life. Cochrane Database Syst Rev (searches to 26 January 2018).',
  year=2018, design='systematic_review', topic='memory_and_cognition',
  population='Cognitively healthy people aged 40 or more in randomised controlled trials',
  sample_size='',
  methods_summary='Systematic review of randomised controlled trials of any vitamin or mineral supplement taken by mouth for at least three months, with searches of ALOIS, MEDLINE, Embase, PsycINFO, CINAHL and trial registers to January 2018; selection, extraction and quality assessment done in duplicate; results pooled by supplement type and treatment length.',
  measured='Cognitive function, dementia incidence, adverse events',
  finding='The review included 28 studies with more than 83,000 participants. Most participants were in trials not designed to assess cognition, often with no baseline cognitive test and only brief tests later; few studies measured dementia and adverse events were poorly reported.',
  limitation='It is about vitamins and minerals, not apoaequorin: it shows what a body of evidence on memory supplements looks like, not whether Prevagen works. Its pooled conclusions were not seen on the page read.',
  limitation_families='',
  doi='10.1002/14651858.CD011906.pub2', pmid='',
  source_url=COCHRANE_VIT,
  unverified_fields='citation;year;sample_size',
  checked_on=CHK, source_kind='primary'),
 dict(study_id='moran-2013',
  citation='Moran DL, Marone PA, Bauter MR, Soni MG. 2013. Safety assessment of Apoaequorin, a protein preparation: subchronic toxicity study in rats. Food Chem Toxicol 57:1-10.',
  year=2013, design='animal', topic='harms',
  population='Sprague-Dawley rats, 10 of each sex in each of four dose groups (first author affiliated with Quincy Bioscience)',
  sample_size='',
  methods_summary='Rats were given the apoaequorin preparation by stomach tube (oral gavage) at 0, 92.6, 462.9 or 926.0 mg per kg body weight a day for 90 days, with an untreated control group, and examined for signs of toxicity.',
  measured='Deaths, clinical and eye signs, body weight, food intake, clinical pathology and tissue changes',
  finding='No deaths and no changes attributable to the preparation were seen; the no-observed-adverse-effect level was the highest dose tested, 666.7 mg of apoaequorin protein per kg a day.',
  limitation='A toxicity study in rats, run by the maker: it looks for harm at high doses, not benefit, and rats are not people. It says nothing about memory and little about rare harms in older people taking the product for months.',
  limitation_families='animals_cells',
  doi='10.1016/j.fct.2013.02.047', pmid='23470325',
  source_url='https://www.ncbi.nlm.nih.gov/pubmed/23470325 ; http://www.curehunter.com/public/pubmed23470325.do',
  unverified_fields='',
  checked_on=CHK, source_kind='primary'),
 dict(study_id='rtp-2014-apoaequorin-digestion',
  citation='Authors not seen on the pages read. 2014. Safety assessment of the calcium-binding protein, apoaequorin, expressed by Escherichia coli. Regulatory Toxicology and Pharmacology 69(2):243-249 (July 2014).',
  year=2014, design='in_vitro', topic='mechanism',
  population='Purified recombinant apoaequorin protein (laboratory study; no people or animals)',
  sample_size='',
  methods_summary='The protein\'s sequence was compared with databases of known allergens, and the protein was exposed to pepsin in a simulated stomach digestion.',
  measured='Similarity to known allergens; how quickly pepsin broke the protein down',
  finding='Apoaequorin was not a known allergen nor likely to cross-react with one, and it was easily digested by pepsin, like many ordinary dietary proteins.',
  limitation='A laboratory test of the protein in a dish. That it is quickly digested, as the FTC pointed out, argues against the marketing\'s claim that it reaches the brain intact; it measures no benefit.',
  limitation_families='animals_cells',
  doi='10.1016/j.yrtph.2014.04.004', pmid='',
  source_url='http://digitalcommons.unl.edu/foodsciefacpub/154 ; https://insights.ovid.com/rtaph/201407000/00114537-201407000-00011',
  unverified_fields='citation',
  checked_on=CHK, source_kind='secondary'),
]
write('studies', studies, EXTRA)

results = [
 dict(result_id='mms-gml-ad8-0-2', comparator_ids='', study_id='madison-memory-2016',
  source_name='Madison Memory Study, company synopsis (subgroup AD8 0-2)',
  outcome='moves needed on the Groton Maze Learning task (fewer is better)', outcome_is_good='no',
  treatment_group='apoaequorin 10 mg a day, subgroup with AD8 scores 0-2', control_group='placebo, same subgroup',
  measure='', estimate='', ci_low='', ci_high='', studies_pooled=1, participants='',
  source_citation='Quincy Bioscience, Madison Memory Study clinical trial synopsis QB-0011, page 7 (company document)',
  doi='', source_url=SYNOPSIS, source_kind='full_text', checked_on=CHK,
  note='A post hoc subgroup result, not the whole trial. The synopsis reports mean percentage changes from baseline to day 90, not counts: -20.70% with apoaequorin and -17.14% with placebo; both groups improved on their own baseline, and the between-group comparison had p = 0.0400. No confidence interval, no group sizes and no correction for the many comparisons are shown on the page.'),
 dict(result_id='mms-gml-ad8-0-1', comparator_ids='', study_id='madison-memory-2016',
  source_name='Madison Memory Study, company synopsis (subgroup AD8 0-1)',
  outcome='total errors on the Groton Maze Learning task (fewer is better)', outcome_is_good='no',
  treatment_group='apoaequorin 10 mg a day, subgroup with AD8 scores 0-1', control_group='placebo, same subgroup',
  measure='', estimate='', ci_low='', ci_high='', studies_pooled=1, participants='',
  source_citation='Quincy Bioscience, Madison Memory Study clinical trial synopsis QB-0011, page 7 (company document)',
  doi='', source_url=SYNOPSIS, source_kind='full_text', checked_on=CHK,
  note='Same task in a narrower subgroup: both groups made fewer errors than at baseline (apoaequorin p<0.0001, placebo p=0.003), and the difference between the groups was not statistically significant (p = 0.103, described by the company as a trend). The same outcome is significant in one subgroup and not in the other: the pattern chance produces when many subgroups are tested.'),
 dict(result_id='mms-gmr-ad8-0-1', comparator_ids='', study_id='madison-memory-2016',
  source_name='Madison Memory Study, company synopsis (subgroup AD8 0-1)',
  outcome='moves needed on the Groton Maze Recall task (fewer is better)', outcome_is_good='no',
  treatment_group='apoaequorin 10 mg a day, subgroup with AD8 scores 0-1', control_group='placebo, same subgroup',
  measure='', estimate='', ci_low='', ci_high='', studies_pooled=1, participants='',
  source_citation='Quincy Bioscience, Madison Memory Study clinical trial synopsis QB-0011, page 7 (company document)',
  doi='', source_url=SYNOPSIS, source_kind='full_text', checked_on=CHK,
  note='Mean percentage change from day 0 to day 90: -30.89% with apoaequorin and -4.33% with placebo; the between-group comparison had p = 0.011. The largest difference the synopsis shows, in a subgroup chosen after the whole-sample result was negative; no group sizes, intervals or correction for multiple comparisons are shown.'),
]
write('results', results)

V = 'memory_and_cognition'
positions = [
 dict(position_id='us-fda-2012-warning-letter', date='2012-10-16', date_precision='day', jurisdiction='United States', jurisdiction_code='USA',
  body='US Food and Drug Administration (FDA), Minneapolis District Office',
  instrument='Warning letter to Quincy Bioscience Manufacturing Inc., ref. MIN 13-03, 16 October 2012',
  action='warn', scope='product', status='historical',
  summary='After reviewing the company\'s websites and social media in August 2012, FDA told the maker that Prevagen, Prevagen Extra Strength and Prevagen Professional (10, 20 and 40 mg apoaequorin) were promoted with therapeutic claims that make them drugs, so they were unapproved new drugs. Trade reports of the letter add that FDA said synthetic apoaequorin is not a dietary ingredient and that the company had not reported serious adverse events (such as seizures, strokes, chest pain and heart arrhythmias) and complaints.',
  evidence_cited='The claims on the company\'s websites, video and testimonials (for example for Alzheimer\'s disease, dementia and brain cell death); adverse event reports held by the company.',
  source_url=' ; '.join([FDA_WL, CONSUMERLAB, NEWHOPE]),
  unverified_fields='evidence_cited', checked_on=CHK, source_kind='primary'),
 dict(position_id='us-ftc-nyag-2017-complaint', date='2017-01-09', date_precision='day', jurisdiction='United States', jurisdiction_code='USA',
  body='Federal Trade Commission and the New York State Attorney General',
  instrument='Complaint for permanent injunction and other equitable relief, FTC and People of the State of New York v. Quincy Bioscience Holding Co. et al., S.D.N.Y. No. 17 Civ. 124',
  action='enforcement', scope='marketing_claims', status='historical',
  summary='The FTC and New York sued the maker and two of its officers, alleging that the claims that Prevagen improves memory, improves it within 90 days, reduces memory problems of ageing and is clinically shown to do so were false and unsubstantiated. They sought an injunction, refunds to buyers and civil penalties under New York law; sales were put at about $165 million.',
  evidence_cited='The company\'s own Madison Memory Study, which showed no statistically significant difference from placebo on any measure in the whole sample, and its more than 30 post hoc subgroup analyses; the company\'s safety studies showing apoaequorin is digested in the stomach like other dietary protein.',
  source_url=' ; '.join([FTC_BLOG, FTC_ALERT, NYAG_2017, COMPLAINT_MIRROR]),
  unverified_fields='', checked_on=CHK, source_kind='official'),
 dict(position_id='us-sdny-2017-dismissal', date='2017-09-28', date_precision='day', jurisdiction='United States', jurisdiction_code='USA',
  body='US District Court for the Southern District of New York (Judge Louis L. Stanton)',
  instrument='Opinion and order granting the motions to dismiss, 272 F. Supp. 3d 547 (Dkt. 45)',
  action='court_dismissal', scope='marketing_claims', status='superseded',
  summary='The court dismissed the federal claims and dismissed the state claims without prejudice, reasoning that the statistically significant results in some subgroups meant the complaint had not shown the claims to be unsubstantiated. The dismissal was vacated by the Second Circuit in 2019.',
  evidence_cited='The Madison Memory Study as attached to the complaint: no significant result for the whole study population on any task, but significant results for the AD8 0-1 subgroup on three of the nine tasks.',
  source_url=' ; '.join([DKT45, OPINION_2017, TUSHNET_2017]),
  unverified_fields='', checked_on=CHK, source_kind='secondary'),
 dict(position_id='us-2cir-2019-vacatur', date='2019-02-21', date_precision='day', jurisdiction='United States', jurisdiction_code='USA',
  body='US Court of Appeals for the Second Circuit (Judges Pooler, Lohier and Carney)',
  instrument='Summary order, Nos. 17-3745-cv(L), 17-3791-cv(CON)',
  action='court_vacatur', scope='marketing_claims', status='historical',
  summary='The appeals court vacated the dismissal and sent the case back: the FTC had plausibly alleged that the marketing was contradicted by the company\'s own trial, since the trial showed no significant improvement over placebo on any of the nine computerized tasks, so claims such as \'improved memory for most subjects within 90 days\' could be deceptive.',
  evidence_cited='The complaint\'s account of the Madison Memory Study: no significant difference for the whole sample, more than 30 post hoc analyses, most of them not significant.',
  source_url=' ; '.join([ORDER_2019, TUSHNET_2019]),
  unverified_fields='', checked_on=CHK, source_kind='secondary'),
 dict(position_id='us-sdny-2024-jury-verdict', date='2024-03-11', date_precision='day', jurisdiction='New York (United States)', jurisdiction_code='US-NY',
  body='US District Court for the Southern District of New York (jury; verdict upheld by Judge Stanton on 2 May 2024)',
  instrument='Jury verdict of 11 March 2024; order of 2 May 2024 denying renewed Rule 50(b) motions (Dkt. 457)',
  action='jury_verdict', scope='marketing_claims', status='historical',
  summary='After a two-week trial of New York\'s claims, the jury found that none of the challenged statements was backed by competent and reliable scientific evidence, that two of them were materially misleading under New York\'s General Business Law, and that every one had the tendency to deceive under Executive Law 63(12). The judge refused to set the verdict aside.',
  evidence_cited='Competing expert testimony on the Madison Memory Study and the standard of competent and reliable scientific evidence.',
  source_url=' ; '.join([DKT457, NYAG_2024]),
  unverified_fields='evidence_cited', checked_on=CHK, source_kind='secondary'),
 dict(position_id='us-sdny-2024-ftc-liability', date='2024-08-29', date_precision='day', jurisdiction='United States', jurisdiction_code='USA',
  body='US District Court for the Southern District of New York (Judge Louis L. Stanton)',
  instrument='Order of 29 August 2024 (Dkt. 493)',
  action='enforcement', scope='marketing_claims', status='historical',
  summary='Applying the jury\'s findings, the court held the Quincy companies, acting as a common enterprise, liable under Sections 5 and 12 of the FTC Act for the statements that Prevagen reduces memory problems associated with aging and is clinically shown to do so.',
  evidence_cited='The jury\'s factual findings on the eight challenged statements.',
  source_url=DOCKET, unverified_fields='', checked_on=CHK, source_kind='secondary'),
 dict(position_id='us-sdny-2024-injunction', date='2024-11-18', date_precision='day', jurisdiction='United States', jurisdiction_code='USA',
  body='US District Court for the Southern District of New York (Judge Louis L. Stanton)',
  instrument='Memorandum and Judgment of 18 November 2024 (Dkt. 513), clarified by the order of 6 December 2024',
  action='court_injunction', scope='marketing_claims', status='in_force',
  summary='The court ordered the makers to remove at once all eight challenged statements, and any similar to them, from every form of promotion of Prevagen. On 6 December 2024 it confirmed that the injunction applies nationally wherever Prevagen is marketed and refused New York\'s request for statutory penalties and disgorgement. The company said it would appeal; the outcome of any appeal was not seen.',
  evidence_cited='The jury verdict (no competent and reliable scientific support for any of the statements) and the court\'s FTC Act ruling.',
  source_url=' ; '.join([DOCKET, ORDER_DEC2024, SUPPLYSIDE_DEC2024]),
  unverified_fields='status', checked_on=CHK, source_kind='secondary'),
]
write('regulatory-positions', positions, EXTRA)
write('legal-status', [])

AAN_CIT = 'Petersen RC, Lopez O, Armstrong MJ, Getchius TSD, Ganguli M, Gloss D, Gronseth GS, Marson D, Pringsheim T, Day GS, Sager M, Stevens J, Rae-Grant A. Practice guideline update summary: Mild cognitive impairment: Report of the Guideline Development, Dissemination, and Implementation Subcommittee of the American Academy of Neurology. Neurology 2018;90(3):126-135 (a guideline based on a systematic review)'
AAN_SRC = ' ; '.join([AAN_PUBMED, AAN_NGC, AAN_SCIENCEOPEN])
comparators = [
 dict(comparator_id='exercise-training', name='Regular exercise (exercise training)', drug_class='Not a medicine: physical exercise',
  how_it_works='Supervised or regular physical exercise; the guideline looked at training programmes of about six months.',
  approval_body='American Academy of Neurology (a guideline body, not a regulator)',
  approval_status='Not a medicine, so no regulator approves it. The AAN guideline says clinicians should recommend regular exercise to people with mild cognitive impairment (Level B).',
  approval_date='', approved_use='Mild cognitive impairment (guideline recommendation)',
  review_citation=AAN_CIT, review_doi='10.1212/WNL.0000000000004826', review_trials='', review_participants='',
  review_finding='The panel systematically reviewed prevalence, prognosis and treatment studies. In people with MCI, six months of exercise training is likely to improve cognitive measures; no high-quality evidence supports any drug treatment for MCI, and clinicians should discuss the lack of effective medicines.',
  review_certainty='', key_trial_citation='', key_trial_id='', source_url=AAN_SRC,
  unverified_fields='review_trials and review_participants (not shown in the abstract); review_certainty (the guideline grades recommendations by level, not GRADE certainty); key trial', checked_on=CHK, source_kind='primary'),
 dict(comparator_id='cognitive-training', name='Cognitive training', drug_class='Not a medicine: structured mental exercises',
  how_it_works='Structured practice of memory and thinking tasks.',
  approval_body='American Academy of Neurology (a guideline body, not a regulator)',
  approval_status='Not a medicine. The AAN guideline says clinicians may recommend cognitive training to people with MCI (Level C, a weaker recommendation than for exercise).',
  approval_date='', approved_use='Mild cognitive impairment (guideline recommendation)',
  review_citation=AAN_CIT, review_doi='10.1212/WNL.0000000000004826', review_trials='', review_participants='',
  review_finding='Cognitive training may improve cognitive measures in people with MCI (less certain than the finding for exercise).',
  review_certainty='', key_trial_citation='', key_trial_id='', source_url=AAN_SRC,
  unverified_fields='review_trials and review_participants; review_certainty; key trial', checked_on=CHK, source_kind='primary'),
 dict(comparator_id='cholinesterase-inhibitors', name='Cholinesterase inhibitors', drug_class='Prescription medicines used in Alzheimer\'s dementia',
  how_it_works='Slow the breakdown of acetylcholine, a messenger chemical in the brain.',
  approval_body='',
  approval_status='The AAN guideline found no high-quality evidence for drug treatment of MCI: clinicians may choose not to offer cholinesterase inhibitors (Level B) and, if they do offer them, must first discuss the lack of evidence (Level A). No regulator\'s approval for MCI or for age-related memory decline was seen.',
  approval_date='', approved_use='',
  review_citation=AAN_CIT, review_doi='10.1212/WNL.0000000000004826', review_trials='', review_participants='',
  review_finding='No high-quality evidence supports pharmacologic treatments for MCI.',
  review_certainty='', key_trial_citation='', key_trial_id='', source_url=AAN_SRC,
  unverified_fields='approval_body, approval_date and approved_use (no regulator\'s page was opened); review_trials and review_participants; key trial', checked_on=CHK, source_kind='primary'),
]
write('comparators', comparators, EXTRA)
print('ok')

vocab = [
 dict(field='topic', code='memory_and_cognition', label='memory and cognition', role='claimed_use', meaning='Memory, learning and thinking in adults, the use the marketing claims for Prevagen.'),
 dict(field='topic', code='mechanism', label='mechanism', role='background', meaning='Whether and how apoaequorin could act in the brain (digestion, absorption, calcium binding).'),
 dict(field='topic', code='harms', label='harms', role='harm', meaning='Adverse events reported after Prevagen use.'),
 dict(field='claim_type', code='efficacy', label='efficacy', role='benefit', meaning='Claims that Prevagen improves memory or reduces memory problems are claims of benefit.'),
 dict(field='scope', code='marketing_claims', label='marketing claims', role='', meaning='the product\'s advertising and labelling statements, not the sale of the product itself'),
 dict(field='action', code='court_dismissal', label='court dismissal', role='relaxes_or_withdraws', meaning='A court dismissed the regulators\' case.'),
 dict(field='action', code='court_vacatur', label='appeal reinstates case', role='advises_or_reviews', meaning='An appeals court vacated a dismissal and sent the case back for trial.'),
 dict(field='action', code='jury_verdict', label='jury verdict', role='advises_or_reviews', meaning='A jury decided the facts: whether the marketing statements were supported and whether they deceive.'),
 dict(field='action', code='court_injunction', label='court injunction', role='restricts', meaning='A court ordered the makers to stop using the marketing statements.'),
]
write('vocabulary', vocab)

MMS='madison-memory-2016'
P_ALL='us-ftc-nyag-2017-complaint;us-2cir-2019-vacatur;us-sdny-2024-jury-verdict;us-sdny-2024-injunction'
Q_NOTE='A question that frames ordinary forgetfulness as a problem the product solves; it makes no claim about Prevagen itself and is not appraised.'
claims = [
 dict(claim_id='c01', sentence='Ever walk into a room and forget why?', claim='Forgetting why you walked into a room is a problem worth treating.', claim_type='framing', cues='', evidence_offered='none', verdict='not_appraised',
  explanation='A question that invites almost every reader to see themselves as the product\'s customer. Everyday lapses like this are common at every age; the ad does not say they are a sign of disease, but it sets them up as something a pill should fix.',
  key_concepts='1.3;3.1', study_ids='', position_ids='', comparator_ids='', no_evidence_note=Q_NOTE),
 dict(claim_id='c02', sentence='Spend extra time looking for your car keys or purse?', claim='Misplacing keys is a memory problem the product addresses.', claim_type='framing', cues='', evidence_offered='none', verdict='not_appraised',
  explanation='Another everyday lapse turned into a reason to buy. Ask whether this is a health problem at all before asking whether a supplement helps with it.',
  key_concepts='1.3;3.1', study_ids='', position_ids='', comparator_ids='', no_evidence_note=Q_NOTE),
 dict(claim_id='c03', sentence='Have trouble remembering names or faces?', claim='Trouble with names and faces calls for a memory supplement.', claim_type='framing', cues='', evidence_offered='none', verdict='not_appraised',
  explanation='The three questions widen the market to nearly everyone over 40. The trial\'s own participants were people with self-reported memory concerns, which is exactly this audience.',
  key_concepts='1.3;3.1', study_ids='', position_ids='', comparator_ids='', no_evidence_note=Q_NOTE),
 dict(claim_id='c04', sentence='Prevagen improves memory.', claim='Taking Prevagen makes memory better.', claim_type='efficacy', cues='certainty', evidence_offered='none', verdict='unsupported',
  explanation='Stated as settled fact, with no comparison and no size of effect. The only trial, run by the maker, found no difference from placebo in the whole sample on any of nine memory and thinking tasks, and a jury found this statement lacked competent and reliable scientific support (it did not find this one materially misleading under New York\'s consumer law, but found it had a tendency to deceive).',
  key_concepts='1.1;1.2;2.4', study_ids=MMS, position_ids=P_ALL, comparator_ids='', no_evidence_note=''),
 dict(claim_id='c05', sentence='Prevagen improves memory within 90 days.', claim='Memory gets better within three months of starting Prevagen.', claim_type='efficacy', cues='certainty', evidence_offered='none', verdict='unsupported',
  explanation='The 90 days is the length of the company\'s trial, which borrows its precision. On the maze tasks the company\'s synopsis shows, both groups improved on their own baseline, so \'improves within 90 days\' also describes what happened with placebo; the fair comparison, against placebo in everyone randomised, showed no difference.',
  key_concepts='1.1;2.1;2.4', study_ids=MMS, position_ids=P_ALL, comparator_ids='', no_evidence_note=''),
 dict(claim_id='c06', sentence='Prevagen is clinically shown to improve memory.', claim='A clinical trial proved that Prevagen improves memory.', claim_type='efficacy', cues='certainty;vague_authority', evidence_offered='vague', verdict='contradicted',
  explanation='\'Clinically shown\' points to the Madison Memory Study without naming it. That trial showed no statistically significant improvement over placebo for the study population as a whole; only a few of more than 30 post hoc subgroup analyses came out positive. The jury found it lacked competent and reliable scientific support (though not materially misleading under New York\'s consumer law), and the court ordered it removed from all promotion.',
  key_concepts='1.2;1.4;2.4', study_ids=MMS, position_ids=P_ALL, comparator_ids='', no_evidence_note=''),
 dict(claim_id='c07', sentence='A landmark double-blind and placebo controlled trial demonstrated Prevagen improved short-term memory, learning, and delayed recall over 90 days.', claim='A rigorous placebo-controlled trial proved Prevagen improved three kinds of memory.', claim_type='efficacy', cues='certainty;specific_source', evidence_offered='specific', verdict='contradicted',
  explanation='The words double-blind and placebo controlled describe a fair test, and that is why its result matters: it found no difference from placebo in the whole sample. The memory gains quoted come from small subgroups (by AD8 score) picked out afterwards, where the same task was significant in one subgroup and not in the other, as chance would produce. \'Landmark\' is the maker\'s word for its own study.',
  key_concepts='1.2;1.4;2.1;2.4', study_ids=MMS, position_ids='us-ftc-nyag-2017-complaint;us-2cir-2019-vacatur', comparator_ids='', no_evidence_note=''),
 dict(claim_id='c08', sentence='In a clinical study, Prevagen improved memory for most subjects within 90 days.', claim='Most people who took Prevagen in the trial had better memory after three months.', claim_type='efficacy', cues='vague_authority;certainty', evidence_offered='vague', verdict='contradicted',
  explanation='The appeals court pointed to this very claim: the study failed to show a statistically significant improvement over placebo on any of the nine computerized tasks, so saying it worked for most subjects could deceive. People improving on repeat testing is not the same as improving because of the pill: the placebo group improved too.',
  key_concepts='1.1;2.1;2.3;2.4', study_ids=MMS, position_ids='us-2cir-2019-vacatur', comparator_ids='', no_evidence_note=''),
 dict(claim_id='c09', sentence='Prevagen helps with memory problems associated with aging.', claim='Prevagen eases age-related memory problems.', claim_type='efficacy', cues='', evidence_offered='none', verdict='unsupported',
  explanation='No comparison and no number. The trial did not show a difference from placebo for its whole sample of adults with memory concerns; guideline reviewers found no high-quality evidence that any medicine helps mild cognitive impairment, while regular exercise probably does.',
  key_concepts='1.1;2.4;3.1', study_ids=MMS, position_ids=P_ALL, comparator_ids='exercise-training;cholinesterase-inhibitors', no_evidence_note=''),
 dict(claim_id='c10', sentence='Prevagen reduces memory problems associated with aging.', claim='Prevagen lessens the memory problems that come with age.', claim_type='efficacy', cues='certainty', evidence_offered='none', verdict='misleading',
  explanation='One of the two statements the jury found materially misleading under New York law, and for which the court held the makers liable under the FTC Act. Its only support is the company\'s own trial, whose whole-sample result showed no difference from placebo.',
  key_concepts='1.1;1.4;2.4', study_ids=MMS, position_ids='us-sdny-2024-jury-verdict;us-sdny-2024-ftc-liability;us-sdny-2024-injunction', comparator_ids='exercise-training', no_evidence_note=''),
 dict(claim_id='c11', sentence='Prevagen is clinically shown to reduce memory problems associated with aging.', claim='A clinical trial proved Prevagen lessens age-related memory problems.', claim_type='efficacy', cues='certainty;vague_authority', evidence_offered='vague', verdict='misleading',
  explanation='The second statement the jury found materially misleading. \'Clinically shown\' leans on one company-funded trial that found no whole-sample difference; a claim that rests on selected subgroups of one trial, run by the seller, is not clinical proof.',
  key_concepts='1.2;1.4;2.4', study_ids=MMS, position_ids='us-sdny-2024-jury-verdict;us-sdny-2024-ftc-liability;us-sdny-2024-injunction', comparator_ids='', no_evidence_note=''),
 dict(claim_id='c12', sentence='Prevagen is clinically shown to help with mild memory problems associated with aging.', claim='A clinical trial proved Prevagen helps mild age-related memory problems.', claim_type='efficacy', cues='certainty;vague_authority', evidence_offered='vague', verdict='contradicted',
  explanation='\'Mild\' echoes the subgroup trick: the positive results quoted come from subgroups with the lowest AD8 screening scores (0-1 and 0-2, which the court described as cognitively normal or very mildly impaired), a split made after the data were in. A subgroup result from one trial needs a new trial to confirm it before anyone can call it shown.',
  key_concepts='1.2;2.4;3.1', study_ids=MMS, position_ids='us-sdny-2017-dismissal;us-2cir-2019-vacatur;us-sdny-2024-jury-verdict', comparator_ids='', no_evidence_note=''),
 dict(claim_id='c13', sentence='Prevagen can support healthier brain function, a sharper mind and clearer thinking.', claim='Prevagen makes the brain work better and thinking clearer.', claim_type='efficacy', cues='hedge', evidence_offered='none', verdict='unsupported',
  explanation='Soft words (\'can support\') that promise a lot without saying how much or compared with what. The complaint listed these among the cognitive claims it challenged, and no independent trial of apoaequorin on thinking was found.',
  key_concepts='1.1;2.3', study_ids=MMS, position_ids='us-ftc-nyag-2017-complaint', comparator_ids='', no_evidence_note=''),
 dict(claim_id='c14', sentence='Apoaequorin enters the human brain to supplement endogenous proteins that are lost during the natural process of aging.', claim='The jellyfish protein reaches the brain and replaces proteins lost with age.', claim_type='mechanism', cues='mechanism', evidence_offered='none', verdict='unsupported',
  explanation='A mechanism told as fact. According to the FTC, the company had no studies showing that apoaequorin taken by mouth reaches the brain, and its own safety studies show it is rapidly digested in the stomach like any other dietary protein; a laboratory study found pepsin breaks it down easily. Even a sound mechanism would not show that people\'s memory gets better.',
  key_concepts='1.2', study_ids='rtp-2014-apoaequorin-digestion', position_ids='us-ftc-nyag-2017-complaint', comparator_ids='', no_evidence_note=''),
 dict(claim_id='c15', sentence='Prevagen is The Name to Remember.', claim='Prevagen is the memory product to buy.', claim_type='framing', cues='', evidence_offered='none', verdict='not_appraised',
  explanation='A slogan, not a health claim: a pun on memory that makes the brand stick. It says nothing that could be tested.',
  key_concepts='1.1', study_ids='', position_ids='', comparator_ids='', no_evidence_note='A slogan with no testable content; not appraised.'),
]
write('claims', claims)

rubric = [
 dict(criterion_id='costs', rating='not_satisfactory', reason='The claims never mention price; the FTC put a month\'s supply at $24 to $68 and total sales at about $165 million.', evidence_ids='us-ftc-nyag-2017-complaint'),
 dict(criterion_id='benefits_quantified', rating='not_satisfactory', reason='Benefit is given only in words (\'improves memory\', \'most subjects\'); the trial\'s whole-sample result, no difference from placebo, is never given, and the subgroup figures have no intervals.', evidence_ids='madison-memory-2016'),
 dict(criterion_id='harms_quantified', rating='not_satisfactory', reason='The claims say nothing about harms; FDA\'s 2012 warning letter reportedly cited serious adverse event reports the company had not passed on, and the company\'s safety studies were in rats.', evidence_ids='us-fda-2012-warning-letter;moran-2013'),
 dict(criterion_id='evidence_quality', rating='not_satisfactory', reason='\'Clinically shown\' and \'landmark trial\' hide that there is one company trial whose primary, whole-sample comparison was negative and whose positive results are post hoc subgroups.', evidence_ids='madison-memory-2016;us-2cir-2019-vacatur'),
 dict(criterion_id='disease_mongering', rating='not_satisfactory', reason='The opening questions turn ordinary lapses (keys, names, walking into a room) into a problem that needs a product.', evidence_ids=''),
 dict(criterion_id='independent_sources', rating='not_satisfactory', reason='The only evidence named is the maker\'s own trial; no independent study is cited and the maker\'s stake is not disclosed.', evidence_ids='madison-memory-2016'),
 dict(criterion_id='alternatives', rating='not_satisfactory', reason='No alternative is mentioned; a neurology guideline recommends regular exercise for mild cognitive impairment and finds no high-quality evidence for any medicine.', evidence_ids='exercise-training;cognitive-training;cholinesterase-inhibitors'),
 dict(criterion_id='availability', rating='not_satisfactory', reason='Nothing is said about regulatory status: FDA said in 2012 that the products were being sold as unapproved drugs, and since November 2024 a court order bars these statements.', evidence_ids='us-fda-2012-warning-letter;us-sdny-2024-injunction'),
 dict(criterion_id='novelty', rating='not_satisfactory', reason='\'Landmark\' presents one unconfirmed company trial as a breakthrough.', evidence_ids='madison-memory-2016'),
 dict(criterion_id='sensational_language', rating='not_satisfactory', reason='Unqualified promises (\'improves memory\', \'clinically shown\', \'most subjects\') with no hedging where the evidence calls for it.', evidence_ids='us-sdny-2024-jury-verdict'),
]
write('rubric-appraisal', rubric)

O='memory_improvement'; OUT='improvement in memory in adults with memory concerns'
cert = [
 dict(outcome_id=O, outcome=OUT, domain='start', rating='randomized', reason='One randomised, double-blind, placebo-controlled trial of apoaequorin measured memory and thinking tasks.', study_ids=MMS),
 dict(outcome_id=O, outcome=OUT, domain='risk_of_bias', rating='serious', reason='The trial was run by the maker, and the positive results come from subgroup analyses chosen after the whole-sample comparison failed; the published abstract describes two of the nine tasks, while the court records describe nine with no whole-sample difference.', study_ids=MMS),
 dict(outcome_id=O, outcome=OUT, domain='inconsistency', rating='not_serious', reason='Only one trial, so there is nothing to be inconsistent with; this is not reassurance.', study_ids=MMS),
 dict(outcome_id=O, outcome=OUT, domain='indirectness', rating='serious', reason='Computerized test scores over 90 days stand in for the everyday memory the claims promise, in adults aged 40 to 91 with self-reported concerns.', study_ids=MMS),
 dict(outcome_id=O, outcome=OUT, domain='imprecision', rating='very_serious', reason='The whole sample showed no significant difference on any task; the subgroup results are small, uncorrected for more than 30 comparisons and shown without intervals.', study_ids=MMS),
 dict(outcome_id=O, outcome=OUT, domain='publication_bias', rating='serious', reason='The only trial is the maker\'s own and no independent trial was found; small industry-run trials are where unpublished negative results are most to be suspected.', study_ids=MMS),
]
write('certainty-appraisal', cert)
print('done')
