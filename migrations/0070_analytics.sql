-- Exchange rates for the positioning indicators: money stays in its own currency and is converted
-- to US dollars (Ecuador's currency) only where a rate is configured. No rate is invented here.
CREATE TABLE currency_rate (
  currency     char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$' AND currency <> 'USD'),
  -- The rate applies to amounts of projects that start in or after this day's year, until a newer rate.
  valid_from   date NOT NULL,
  usd_per_unit numeric(20, 10) NOT NULL CHECK (usd_per_unit > 0),
  source       text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (currency, valid_from)
);

