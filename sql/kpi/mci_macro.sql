-- Material Circularity Indicator (Ellen MacArthur Foundation, 2019 methodology), as a macro over the
-- fractions, and for the cluster's timber stream per year. M = mass; F_R, F_U, F_S = recycled,
-- reused and sustained-biological fractions of the feedstock; C_R, C_U, C_C, C_E = fractions going
-- to recycling, reuse, composting and energy recovery after use; E_C, E_F = efficiencies of the
-- recycling that takes the collected mass and that makes the recycled feedstock; X = utility.
CREATE OR REPLACE MACRO mci(m, f_r, f_u, f_s, c_r, c_u, c_c, c_e, e_c, e_f, x) AS (
    WITH k AS (
        SELECT m * (1 - f_r - f_u - f_s) AS v,
               m * (1 - c_r - c_u - c_c - c_e) AS w0,
               m * (1 - e_c) * c_r AS w_c,
               CASE WHEN f_r > 0 THEN m * f_r * (1 - e_f) / e_f ELSE 0 END AS w_f
    )
    SELECT greatest(0, 1 - (v + w0 + (w_f + w_c) / 2) / (2 * m + (w_f - w_c) / 2) * 0.9 / x) FROM k
);
