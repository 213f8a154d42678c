-- Where one lot of sawn timber came from: its forest lots and their shares
SELECT site_id, lot_id, origin, site_name, round(share, 3) AS share
FROM lot_origins('SVS-ORKANGER', 'SVS-S250521');
