-- Every file the warehouse has received, with what became of it: accepted, or rejected and still
-- open in the quarantine, or rejected and superseded by a corrected file (issue 17: a CSP sees its
-- own quarantine and sends a corrected file; a PCC office sees who has sent what).
--
-- The superseding rule is ingest's (ingest/quarantine.py, `dhr quarantine list`): a later accepted
-- file of the same form type for the same case (CSP and DHR reference folded as in the dhr_id);
-- when the rejected file's CSP, reference or form type could not be read, a later accepted file of
-- the same name (ignoring case) and, if a one-CSP account sent it, of that account's CSP.
-- tests/warehouse checks the two agree.

with

files as (

    select * from {{ ref('stg_dhr_forms__ingested_files') }}

),

csps as (

    select csp_code, force_area_code from {{ ref('dim_csps') }}

),

superseded as (

    select
        rejected.file_sha256,
        arg_min(accepted.file_sha256, accepted.ingested_at) as superseded_by_file_sha256,
        min(accepted.ingested_at) as superseded_at,
    from files as rejected
    inner join files as accepted
        on accepted.is_accepted
        and accepted.ingested_at >= rejected.ingested_at
        and accepted.file_sha256 <> rejected.file_sha256
        and (
            case
                when rejected.form_type is not null and rejected.csp_code is not null and rejected.dhr_id is not null
                    then accepted.form_type = rejected.form_type and accepted.dhr_id = rejected.dhr_id
                else lower(accepted.file_name) = lower(rejected.file_name)
                    and (rejected.sender_csp_code is null or accepted.csp_code = rejected.sender_csp_code)
            end
        )
    where not rejected.is_accepted
    group by rejected.file_sha256

),

final as (

    select
        ----------  ids
        files.file_sha256,
        files.dhr_id,
        -- the CSP read from the file; for a file too damaged to say, the CSP of the one-CSP account
        -- that sent it, so it stays in that CSP's quarantine (issue 17)
        coalesce(files.csp_code, files.sender_csp_code) as csp_code,
        csps.force_area_code,
        superseded.superseded_by_file_sha256,

        ----------  text
        -- not the file's name: a sender's file name can name the victim or the family, and no mart
        -- carries one (tests/warehouse/test_warehouse_marts.py); the DHR reference, form and date say which file
        files.dhr_reference,
        -- what to fix, as the sender may read it: no file name, no quoted cell value (macros/sender_reason.sql)
        files.rejection_reasons,

        ----------  codes
        files.form_type,
        files.ingest_status,
        case
            when files.csp_code is not null then 'form'
            when files.sender_csp_code is not null then 'sender'
        end as csp_code_source,
        case
            when files.is_accepted then 'accepted'
            when superseded.file_sha256 is not null then 'superseded'
            else 'open'
        end as quarantine_state,

        ----------  numerics
        files.file_size_bytes,
        files.error_count,

        ----------  booleans
        files.is_accepted,

        ----------  timestamps
        files.ingested_at as received_at,
        superseded.superseded_at,

    from files
    left join csps on csps.csp_code = coalesce(files.csp_code, files.sender_csp_code)
    left join superseded on superseded.file_sha256 = files.file_sha256

)

select * from final
