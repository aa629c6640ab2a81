-- Emerging topics: NMF topics over recommendation and learning text, and each text's strongest topic.

with

topics as (

    select * from {{ source('themes', 'topics') }}

),

text_topics as (

    select * from {{ source('themes', 'text_topics') }}

),

joined as (

    select
        ----------  ids
        text_topics.text_sha256,
        topics.topic_id,

        ----------  text
        topics.topic_label,
        array_to_string(topics.top_terms, ', ') as top_terms,

        ----------  numerics
        text_topics.topic_weight,
        topics.text_count as topic_text_count,

    from text_topics
    inner join topics
        on text_topics.topic_id = topics.topic_id

)

select * from joined
