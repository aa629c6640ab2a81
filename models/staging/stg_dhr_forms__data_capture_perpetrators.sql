with

source as (

    select * from {{ source('dhr_forms', 'data_capture__perpetrators') }}

),

headers as (

    {{ form_headers('data_capture__cases') }}

),

renamed as (

    select
        ----------  ids
        source.file_sha256 || '#' || source.person_number as perpetrator_form_id,
        headers.dhr_id,
        source.file_sha256,
        headers.csp_code,

        ----------  lineage
        source.source_sheet,
        source.source_row,

        ----------  text
        source.pseudonym,

        ----------  codes
        {{ code_from_value('source.sex', 'sex') }} as sex,
        {{ code_from_value('source.relationship', 'relationship') }} as relationship,
        {{ code_from_value('source.ethnicity', 'ethnicity') }} as ethnicity,
        {{ code_from_value('source.nationality', 'nationality') }} as nationality,
        {{ code_from_value('source.immigration_status', 'immigration_status') }} as immigration_status,
        {{ code_from_value('source.religion', 'religion') }} as religion,
        {{ code_from_value('source.sexual_orientation', 'sexual_orientation') }} as sexual_orientation,
        {{ code_from_value('source.disability', 'yes_no_not_known') }} as disability,
        {{ code_from_value('source.gender_reassignment', 'yes_no_not_known') }} as gender_reassignment,
        {{ code_from_value('source.marital_status', 'marital_status') }} as marital_status,
        {{ code_from_value('source.pregnancy_maternity', 'yes_no_not_known') }} as pregnancy_maternity,
        {{ code_from_value('source.verdict', 'verdict') }} as verdict,

        ----------  numerics
        source.person_number,
        source.age,

        ----------  timestamps
        headers.ingested_at,

    from source
    left join headers
        on source.file_sha256 = headers.file_sha256

)

select * from renamed
