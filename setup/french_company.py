# Run by setup/lib.sh through `odoo shell` before accounting is installed, so that
# the main company is French and account loads the French chart of accounts (PCG).
# ruff: noqa: F821  (env is given by odoo shell)
company = env.ref("base.main_company")
if company.country_id.code != "FR":
    company.write(
        {
            "name": "Coopérative Horizons",
            "street": "12 rue de la Fontaine au Roi",
            "zip": "75011",
            "city": "Paris",
            "country_id": env.ref("base.fr").id,
            "currency_id": env.ref("base.EUR").id,
            "phone": "+33 1 43 55 00 00",
            "email": "contact@coop-horizons.example",
            "website": "https://coop-horizons.example",
            "vat": "FR29842000002",
            "siret": "84200000200001",
            "company_registry": "842000002",
        }
    )
    env.ref("base.EUR").active = True
env.cr.commit()
