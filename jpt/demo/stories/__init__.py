"""The demo world as data: who works where (``people``), the bases (``bases``), the requests
(``requests``), how far each mission went (``missions``) and its report and review
(``reports``). Frozen dataclasses and tuples of them; no logic, no database access.

The stories retell the policy brief on JPTs in MONUSCO (Otobora, Ntoto, Nyabiondo, Matili,
Walungu, Bogoro, Bangadi, Duru) and keep the rules the services enforce: nobody decides a
request they filed, requests are approved and teams invited before they leave, a report is
submitted once its team is back, consultations and stakeholders are recorded before that.
"""
