"""The fictional demo (`make run`, `manage.py seed_demo`): two trusts, their schools, staff in
every role, term dates for this and next academic year, a few thousand pupils and a dozen
providers per trust, with pupils of one school at each stage of a referral.

One module per part of the trust: `data` (the invented names, places and dates), `people`
(accounts), `schools` (term dates and pupils), `providers` (the register and Ofsted outcomes),
`quality` (audits and letters of comfort), `referrals` (referrals and a placement), `national`
(the schools' regions, the Service oversight account and the dashboards' figures) and `seed`
(which puts them together). Deterministic: one seeded random generator, used in a fixed order.
"""
